"""Encrypted model fields with strict decryption and rotating keys.

Built on django-encrypted-model-fields, with three changes the product needs:

- a stored value that no configured key can decrypt raises `DecryptionError` instead of being
  handed back as ciphertext (the library silently returns the raw token);
- the key list is read from settings on use (newest first), not frozen at import, so a new key
  can be added in front and `manage.py rotate_encryption_keys` can re-encrypt under it;
- an empty text is stored empty, not as a token: it holds nothing to protect, and optional notes
  are mostly empty, so their rows read without a decryption each (a token's length already told
  a short text from a long one). Tokens of empty texts written before still read; rotation
  rewrites them empty.
"""

import json
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from encrypted_model_fields import fields as library


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


@lru_cache(maxsize=8)
def _crypter_for(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must name at least one Fernet key.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key.") from exc


_last_crypter: list[Any] = [None, None]  # the setting's value object, and its MultiFernet


def configured_keys() -> tuple[str, ...]:
    """FIELD_ENCRYPTION_KEYS as set now, newest first."""
    keys = settings.FIELD_ENCRYPTION_KEY
    listed = [keys] if isinstance(keys, str) else keys
    return tuple(key.strip() for key in listed if key.strip())


def crypter() -> MultiFernet:
    keys = settings.FIELD_ENCRYPTION_KEY
    # Every decryption asks; the same setting object gets the same crypter without re-reading its keys.
    if keys is _last_crypter[0] and _last_crypter[1] is not None:
        return _last_crypter[1]
    made = _crypter_for(configured_keys())
    _last_crypter[:] = [keys, made]
    return made


def newest_key_crypter() -> MultiFernet:
    """The newest key alone: what every value is encrypted under once a rotation has finished."""
    return _crypter_for(configured_keys()[:1])


def encrypt_bytes(data: bytes) -> bytes:
    return crypter().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return crypter().decrypt(token)
    except InvalidToken as exc:
        raise DecryptionError("A stored value could not be decrypted with the configured keys.") from exc


def encrypt_text(value: str) -> str:
    return encrypt_bytes(value.encode()).decode()


def decrypt_text(token: str) -> str:
    return decrypt_bytes(token.encode()).decode()


class StrictEncryptedMixin:
    """Encrypts on save with the newest key; decrypts strictly on load."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        if value == "":  # an empty text, stored as it is (no Fernet token is empty)
            return self._plain_to_python(value)
        return self._plain_to_python(decrypt_text(value))

    def to_python(self, value: Any) -> Any:
        # Values arriving from code or forms are plaintext; only the database holds tokens.
        return self._plain_to_python(value)

    def _plain_to_python(self, value: Any) -> Any:
        return super(library.EncryptedMixin, self).to_python(value)  # type: ignore[misc]

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        if hasattr(value, "as_sql"):
            # An SQL expression (bulk_update wraps values in CASE/CAST): its values are
            # prepared one by one through this method, so pass it through untouched.
            return value
        value = super(library.EncryptedMixin, self).get_db_prep_save(value, connection)  # type: ignore[misc]
        if value is None:
            return None
        text = str(value)
        # Nothing to hide in an empty text; most optional notes are empty, and every token costs
        # a decryption on each read of its row.
        return encrypt_text(text) if text else ""


class EncryptedCharField(StrictEncryptedMixin, library.EncryptedCharField):
    pass


class EncryptedTextField(StrictEncryptedMixin, library.EncryptedTextField):
    pass


class EncryptedDateField(StrictEncryptedMixin, library.EncryptedDateField):
    pass


class EncryptedJSONField(StrictEncryptedMixin, library.EncryptedTextField):
    """A JSON value (list or dict) stored as one encrypted token."""

    def _plain_to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            return json.loads(value)
        return value

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        if hasattr(value, "as_sql"):
            return value
        if value is None:
            return None
        return encrypt_text(json.dumps(value, separators=(",", ":")))

    def value_to_string(self, obj: Any) -> str:
        return json.dumps(self.value_from_object(obj))


def encrypted_fields(model: Any) -> list[Any]:
    return [field for field in model._meta.concrete_fields if isinstance(field, StrictEncryptedMixin)]
