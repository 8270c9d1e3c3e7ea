"""Create the git-ignored .env with fresh random secrets, or add any secret it lacks.

Run with the project's virtualenv Python (it needs `cryptography`, `django-environ` and `psycopg`).
Existing values are never changed, and a value set in the environment counts as present (it wins
over .env). A new encryption key is written only while the database holds no data: data encrypted
under a key that is gone cannot be read with a new one, so over an existing data set this refuses
and says how to recover.
"""

import os
import secrets
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import environ
from cryptography.fernet import Fernet

GENERATORS = {
    "SECRET_KEY": lambda: secrets.token_urlsafe(50),
    "JWT_SIGNING_KEY": lambda: secrets.token_urlsafe(50),
    "FIELD_ENCRYPTION_KEYS": lambda: Fernet.generate_key().decode(),
}
ENCRYPTION_KEYS = "FIELD_ENCRYPTION_KEYS"
REPO_DIR = Path(__file__).resolve().parent.parent

REFUSAL = """\
{env_file} has no {name}, but the database at {where} already holds data, encrypted under the key
that was configured when it was written. A new key could not read it, so none was written.
Either:
  - put that key back: {name}=<the key> in {env_file} (or the environment), then run again; or
  - if the key is lost and the data may go with it: {remove}, then run again.
"""
UNREACHABLE = """\
{env_file} has no {name}, and the database at {where} did not answer ({error}), so it is
unknown whether it holds data encrypted under another key. Start the database and run again, or
set {name} yourself (the key the data was written with).
"""


class UnknownDatabase(Exception):
    """The database could not be asked whether it holds data."""


def _name_and_value(line: str) -> tuple[str, str]:
    name, _, value = line.partition("=")
    return name.strip(), value.strip()


def _setting(name: str, file_values: dict[str, str]) -> str:
    # As the local settings read them: the environment wins over .env.
    return os.environ[name] if name in os.environ else file_values.get(name, "")


def _backend_path(value: str) -> Path:
    # manage.py and gunicorn run in backend/: relative paths in the settings start there.
    return (REPO_DIR / "backend" / value).resolve()


def _holds_data(file_values: dict[str, str]) -> tuple[bool, str, str]:
    """Whether the configured database has been migrated; with where it is and how to remove it."""
    url = _setting("DATABASE_URL", file_values)
    if url:
        config = environ.Env.db_url_config(url)
        if "sqlite" not in config["ENGINE"]:
            return _postgres_holds_data(config)
        sqlite_file = _backend_path(str(config["NAME"]))
        remove = f"delete {sqlite_file} (with its -wal and -shm files) and the report files (REPORTS_DIR)"
    else:
        var_dir = _backend_path(_setting("VAR_DIR", file_values) or str(REPO_DIR / "var"))
        sqlite_file = var_dir / "db.sqlite3"
        remove = f"move the folder {var_dir} aside (its database and report files)"
    if not sqlite_file.is_file():
        return False, str(sqlite_file), ""
    with closing(sqlite3.connect(f"file:{sqlite_file}?mode=ro", uri=True)) as connection:
        found = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'")
        return found.fetchone() is not None, str(sqlite_file), remove


def _postgres_holds_data(config: dict) -> tuple[bool, str, str]:
    import psycopg

    name = str(config["NAME"])
    where = f"{config.get('HOST') or 'localhost'}:{config.get('PORT') or 5432}/{name}"

    def connect(dbname: str) -> "psycopg.Connection":
        return psycopg.connect(
            dbname=dbname,
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            connect_timeout=5,
        )

    try:
        with connect(name) as connection:
            found = connection.execute("SELECT to_regclass('django_migrations') IS NOT NULL").fetchone()
        return bool(found and found[0]), where, f"drop the database {name}, create it empty and empty REPORTS_DIR"
    except psycopg.OperationalError as error:
        failure = str(error).strip().splitlines()[0]
    # A database that does not exist yet holds nothing; the server's own database tells.
    try:
        with connect("postgres") as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    except psycopg.OperationalError:
        exists = True
    if exists:
        raise UnknownDatabase(where, failure)
    return False, where, ""


def main(path: Path) -> None:
    lines = path.read_text().splitlines() if path.exists() else []
    file_values = {
        name: value for name, value in map(_name_and_value, lines) if value and name and not name.startswith("#")
    }
    missing = [name for name in GENERATORS if name not in file_values and not os.environ.get(name)]
    if not missing:
        return
    if ENCRYPTION_KEYS in missing:
        try:
            holds_data, where, remove = _holds_data(file_values)
        except UnknownDatabase as unknown:
            where, error = unknown.args
            sys.exit(UNREACHABLE.format(env_file=path, name=ENCRYPTION_KEYS, where=where, error=error))
        if holds_data:
            sys.exit(REFUSAL.format(env_file=path, name=ENCRYPTION_KEYS, where=where, remove=remove))
    # Drop empty placeholders (as copied from .env.example) of the secrets about to be written.
    kept = [line for line in lines if _name_and_value(line)[0] not in missing]
    if not kept:
        kept = ["# Written by ./run.sh: local secrets for this machine. Never commit this file."]
    path.write_text("\n".join([*kept, *(f"{name}={GENERATORS[name]()}" for name in missing)]) + "\n")
    path.chmod(0o600)
    print(f"Wrote {len(missing)} new secret(s) to {path}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
