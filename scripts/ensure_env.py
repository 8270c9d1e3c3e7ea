"""Create the git-ignored .env with fresh random secrets, or add any secret it lacks.

Run with the project's virtualenv Python (it needs `cryptography`). Existing values are never
changed: the encryption key in particular must stay, or the stored data becomes unreadable.
"""

import secrets
import sys
from pathlib import Path

from cryptography.fernet import Fernet

GENERATORS = {
    "SECRET_KEY": lambda: secrets.token_urlsafe(50),
    "JWT_SIGNING_KEY": lambda: secrets.token_urlsafe(50),
    "FIELD_ENCRYPTION_KEYS": lambda: Fernet.generate_key().decode(),
}


def _name_and_value(line: str) -> tuple[str, str]:
    name, _, value = line.partition("=")
    return name.strip(), value.strip()


def main(path: Path) -> None:
    lines = path.read_text().splitlines() if path.exists() else []
    present = {name for name, value in map(_name_and_value, lines) if value and not name.startswith("#")}
    missing = [name for name in GENERATORS if name not in present]
    if not missing:
        return
    # Drop empty placeholders (as copied from .env.example) of the secrets about to be written.
    kept = [line for line in lines if _name_and_value(line)[0] not in missing]
    if not kept:
        kept = ["# Written by ./run.sh: local secrets for this machine. Never commit this file."]
    path.write_text("\n".join([*kept, *(f"{name}={GENERATORS[name]()}" for name in missing)]) + "\n")
    path.chmod(0o600)
    print(f"Wrote {len(missing)} new secret(s) to {path}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
