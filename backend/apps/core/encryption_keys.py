"""Whether FIELD_ENCRYPTION_KEYS can read the stored data, told at start-up and by the health check.

A wrong but well-formed key lets the app start and answer, and then every read of patient data
fails. The canary (`EncryptionCanary`, one row holding a known text encrypted under the keys in
force when it was written) turns that into one clear refusal: the system check (`manage.py`), the
WSGI start-up (gunicorn) and `/api/v1/health/` all ask `encryption_keys_state()`.

The canary is written on first use. On a database that already holds encrypted data but has no
canary yet (one from before canaries, or one whose canary was lost), a sample of that data must
decrypt first, so a wrong key is never blessed. `rotate_encryption_keys` moves the canary to the
newest key last, after every value and file, so a canary under the newest key means the rotation
finished and the older keys can go.
"""

import logging
from enum import StrEnum
from typing import NamedTuple

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections

from .fields import DecryptionError, crypter, encrypt_text, encrypted_fields, newest_key_crypter
from .models import EncryptionCanary

logger = logging.getLogger(__name__)

CANARY_TEXT = b"patient-tracker encryption canary"
# Latest rows per model read when there is no canary yet: enough to catch a wrong key, cheap at any size.
SAMPLE_ROWS = 20


class KeyState(StrEnum):
    OK = "ok"
    # The canary reads with an older key only: rotate_encryption_keys has not finished.
    ROTATION_PENDING = "rotation_pending"
    # No configured key decrypts the canary (or, before there is one, the stored data).
    WRONG_KEY = "wrong_key"
    # FIELD_ENCRYPTION_KEYS is empty or holds something that is not a Fernet key.
    INVALID = "invalid"


class Fault(NamedTuple):
    code: str  # the health check's reason code
    check_id: str
    message: str


FAULTS = {
    KeyState.WRONG_KEY: Fault(
        "encryption_key_mismatch",
        "core.E001",
        "FIELD_ENCRYPTION_KEYS cannot decrypt the data in the database: it was encrypted with another key.",
    ),
    KeyState.INVALID: Fault(
        "encryption_keys_invalid",
        "core.E002",
        "FIELD_ENCRYPTION_KEYS is empty or holds a value that is not a Fernet key.",
    ),
}
RECOVERY_HINT = (
    "Put back the key the data was encrypted with (several keys: newest first, comma-separated, "
    "every one of them still decrypts). SECURITY.md, 'Encryption keys', says how to recover and rotate."
)


def encryption_keys_state() -> KeyState:
    """How the configured keys fare against the stored data; writes the canary when there is none.

    Raises `DatabaseError` when the database does not answer or is not migrated yet.
    """
    try:
        crypter()
    except ImproperlyConfigured:
        return KeyState.INVALID
    token = EncryptionCanary.objects.filter(pk=1).values_list("token", flat=True).first()
    if token is None:
        if not _stored_data_decrypts():
            return KeyState.WRONG_KEY
        canary, _ = EncryptionCanary.objects.get_or_create(pk=1, defaults={"token": encrypt_text(CANARY_TEXT.decode())})
        token = canary.token
    return _state_of(token)


def _state_of(token: str) -> KeyState:
    for state, keys in ((KeyState.OK, newest_key_crypter()), (KeyState.ROTATION_PENDING, crypter())):
        try:
            if keys.decrypt(token.encode()) == CANARY_TEXT:
                return state
        except InvalidToken:
            continue
    return KeyState.WRONG_KEY


def _stored_data_decrypts() -> bool:
    for model in apps.get_models():
        names = [field.name for field in encrypted_fields(model)]
        if not names:
            continue
        try:
            # Reading decrypts every value, strictly (apps.core.fields).
            list(model._base_manager.order_by("-pk").values_list(*names)[:SAMPLE_ROWS])
        except DecryptionError:
            return False
    return True


def encryption_canary_refresh() -> None:
    """Re-encrypt the canary under the newest key (the last step of `rotate_encryption_keys`)."""
    token = EncryptionCanary.objects.filter(pk=1).values_list("token", flat=True).first()
    if token is None:
        encryption_keys_state()
        return
    try:
        fresh = crypter().rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("The encryption canary cannot be decrypted with any configured key.") from exc
    EncryptionCanary.objects.filter(pk=1).update(token=fresh)


def encryption_keys_refuse_wrong() -> None:
    """At process start: refuse keys that cannot read the data, with the reason and what to do.

    A database that does not answer (or is not migrated yet) is no reason to refuse: the health
    check reports it, and the keys are checked again there.
    """
    try:
        state = encryption_keys_state()
    except DatabaseError:
        logger.warning("The encryption keys were not checked at start-up: no database answered, or it is not migrated.")
        return
    finally:
        # Opened outside any request: do not hand it to the first one.
        connections.close_all()
    if state in FAULTS:
        raise ImproperlyConfigured(f"{FAULTS[state].message} {RECOVERY_HINT}")
    if state is KeyState.ROTATION_PENDING:
        logger.warning("Some data is still under an older key: run `manage.py rotate_encryption_keys`.")
