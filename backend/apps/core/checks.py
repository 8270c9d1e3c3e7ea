"""System check: the configured encryption keys must decrypt the stored data (apps.core.encryption_keys)."""

from django.core.checks import CheckMessage, Error, Warning, register
from django.db import DatabaseError

from .encryption_keys import FAULTS, RECOVERY_HINT, KeyState, encryption_keys_state


@register()
def encryption_keys_read_the_data(app_configs, **kwargs) -> list[CheckMessage]:
    try:
        state = encryption_keys_state()
    except DatabaseError:
        # No database yet, or not migrated (makemigrations, the schema generator, a first migrate).
        return []
    if state in FAULTS:
        fault = FAULTS[state]
        return [Error(fault.message, hint=RECOVERY_HINT, id=fault.check_id)]
    if state is KeyState.ROTATION_PENDING:
        return [
            Warning(
                "Some encrypted data is still under an older key of FIELD_ENCRYPTION_KEYS.",
                hint="Run `manage.py rotate_encryption_keys`; remove the older keys only after it has finished.",
                id="core.W001",
            )
        ]
    return []
