import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from config.settings.base import database_config

BACKEND_DIR = Path(__file__).resolve().parents[3]
REPO_DIR = BACKEND_DIR.parent

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "p" * 60 + "-production-like-secret-9f8e7d6c5b4a",
    "JWT_SIGNING_KEY": "j" * 50 + "-distinct-jwt-key",
    "FIELD_ENCRYPTION_KEYS": "cHJvZHVjdGlvbi1saWtlLWtleS1mb3ItdGhlLXRlc3Q=",
    "ALLOWED_HOSTS": "clinic.example",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
}


def run_python(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Our interpreter in backend/, with `env` in place of the test run's settings and Redis."""
    base_env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "REDIS_URL"}
    return subprocess.run(  # noqa: S603 - fixed argv, our own interpreter
        [sys.executable, *args],
        cwd=BACKEND_DIR,
        env={**base_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_python("manage.py", *args, env=env)


def test_production_settings_pass_the_deployment_check_without_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "JWT_SIGNING_KEY", "FIELD_ENCRYPTION_KEYS", "DATABASE_URL"])
def test_production_settings_refuse_to_start_without_a_secret(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_settings_refuse_a_jwt_key_equal_to_the_secret_key():
    env = {**PRODUCTION_ENV, "JWT_SIGNING_KEY": PRODUCTION_ENV["SECRET_KEY"]}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "JWT_SIGNING_KEY must differ" in result.stderr


def test_no_database_url_means_an_embedded_sqlite_file_with_serialised_writes():
    config = database_config("")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert ".git" not in config["NAME"]
    assert Path(config["NAME"]).parent.name == "var"


def test_a_postgres_database_url_uses_the_postgresql_backend():
    config = database_config("postgres://clinic:pw@db.internal:5432/clinic")
    assert config["ENGINE"] == "apps.core.postgresql"
    assert (config["HOST"], config["NAME"], config["USER"]) == ("db.internal", "clinic", "clinic")


def _settings_value(expression: str, env: dict[str, str]) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    base_env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    result = subprocess.run(  # noqa: S603 - fixed argv, our own interpreter
        [sys.executable, "-c", code],
        cwd=BACKEND_DIR,
        env={**base_env, "DJANGO_SETTINGS_MODULE": "config.settings.local", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_cache_is_redis_when_configured_and_the_database_cache_otherwise():
    with_redis = _settings_value("settings.CACHES['default']['BACKEND']", {"REDIS_URL": "redis://127.0.0.1:6379/0"})
    without = _settings_value("settings.CACHES['default']['BACKEND']", {"REDIS_URL": ""})
    assert with_redis == "apps.core.cache.FailoverRedisCache"
    assert without == "django.core.cache.backends.db.DatabaseCache"


def test_the_encryption_keys_are_a_list_newest_first():
    new, old = "bmV3LWtleS1uZXdlc3QtZmlyc3QtMDEyMzQ1Njc4OTA=", "b2xkLWtleS1zdGlsbC1yZWFkYWJsZS0wMTIzNDU2Nzg="
    value = _settings_value("settings.FIELD_ENCRYPTION_KEY", {"FIELD_ENCRYPTION_KEYS": f"{new},{old}"})
    assert value == f"['{new}', '{old}']"


def test_the_real_settings_hash_passwords_with_argon2():
    value = _settings_value("settings.PASSWORD_HASHERS[0]", {})
    assert value == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_the_clinic_time_zone_is_a_setting_and_storage_is_utc():
    assert _settings_value("settings.TIME_ZONE", {"CLINIC_TIME_ZONE": "America/New_York"}) == "America/New_York"
    assert settings.USE_TZ is True


def test_the_compose_file_describes_the_production_topology():
    compose = yaml.safe_load((REPO_DIR / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"db", "redis", "api", "worker", "beat", "frontend"} <= set(services)
    assert "gunicorn" in services["api"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]
    assert services["api"]["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert services["db"]["image"].startswith("postgres")
    assert services["redis"]["image"].startswith("redis")
    for name in ("api", "worker", "beat"):
        assert services[name]["build"]["context"] == "./backend"
    assert services["frontend"]["build"]["context"] == "./frontend"


def test_every_variable_of_the_env_example_is_documented_in_the_readme():
    example = (REPO_DIR / ".env.example").read_text().splitlines()
    names = [line.split("=", 1)[0].lstrip("# ") for line in example if "=" in line]
    readme = (REPO_DIR / "README.md").read_text()
    assert names
    missing = [name for name in names if f"`{name}`" not in readme]
    assert not missing, f"README lacks: {missing}"


def test_the_wsgi_application_loads_every_view_then_freezes_what_it_loaded():
    """gunicorn imports config.wsgi: the URLconf is loaded then, and the garbage collector never
    scans the objects loaded up to that point (bench/README.md: full collections stalled workers)."""
    probe = (
        "import gc, sys; import config.wsgi as w; "
        "print(gc.get_freeze_count() > 50_000, 'apps.records.api.timeline' in sys.modules, callable(w.application))"
    )
    result = run_python("-c", probe, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True"]
