import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from cryptography.fernet import Fernet
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

# Local settings take their secrets from .env or the environment only.
LOCAL_KEYS = {
    "SECRET_KEY": "l" * 50 + "-local-test-secret",
    "JWT_SIGNING_KEY": "k" * 50 + "-local-test-jwt-key",
    "FIELD_ENCRYPTION_KEYS": "bG9jYWwtc2V0dGluZ3MtdGVzdC1rZXktMDEyMzQ1Njc=",
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
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["CONN_HEALTH_CHECKS"] is True
    assert (config["HOST"], config["NAME"], config["USER"]) == ("db.internal", "clinic", "clinic")


def _local_settings(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base_env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL", *LOCAL_KEYS)}
    return subprocess.run(  # noqa: S603 - fixed argv, our own interpreter
        [sys.executable, "-c", code],
        cwd=BACKEND_DIR,
        env={**base_env, "DJANGO_SETTINGS_MODULE": "config.settings.local", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _settings_value(expression: str, env: dict[str, str]) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = _local_settings(code, {**LOCAL_KEYS, **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize("missing", list(LOCAL_KEYS))
def test_local_settings_have_no_fallback_keys_and_name_the_one_missing(missing):
    # The repository's .env is read too: an empty value in the environment wins over it.
    env = {**LOCAL_KEYS, missing: ""}
    result = _local_settings("import django; django.setup()", env)
    assert result.returncode != 0
    assert f"Set {missing} in .env or the environment" in result.stderr


def test_no_settings_module_but_the_test_settings_carries_an_encryption_key():
    def is_fernet_key(text: str) -> bool:
        try:
            Fernet(text)
        except (ValueError, TypeError):
            return False
        return True

    for module in sorted((BACKEND_DIR / "config" / "settings").glob("*.py")):
        if module.name == "test.py":
            continue
        texts = [node.value for node in ast.walk(ast.parse(module.read_text())) if isinstance(node, ast.Constant)]
        assert not [text for text in texts if isinstance(text, str) and is_fernet_key(text)], module.name


def test_the_cache_is_redis_when_configured_and_the_database_cache_otherwise():
    with_redis = _settings_value("settings.CACHES['default']['BACKEND']", {"REDIS_URL": "redis://127.0.0.1:6379/0"})
    without = _settings_value("settings.CACHES['default']['BACKEND']", {"REDIS_URL": ""})
    assert with_redis == "apps.core.cache.FailoverRedisCache"
    assert without == "django.core.cache.backends.db.DatabaseCache"


def _report_storage(env: dict[str, str]) -> dict:
    """The class and options of the `reports` storage that local settings make of `env`."""
    code = (
        "import django, json; django.setup(); from apps.records.storage import report_storage; s = report_storage(); "
        "names = ('location', 'bucket_name', 'endpoint_url', 'addressing_style', 'default_acl', 'file_overwrite'); "
        "print(json.dumps({'class': type(s).__name__} | {n: getattr(s, n) for n in names if hasattr(s, n)}))"
    )
    result = run_python("-c", code, env={"DJANGO_SETTINGS_MODULE": "config.settings.local", **LOCAL_KEYS, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_report_files_stay_on_the_local_disk_under_reports_dir_by_default(tmp_path):
    storage = _report_storage({"REPORTS_STORAGE": "", "REPORTS_DIR": str(tmp_path / "private")})
    assert storage == {"class": "LocalReportStorage", "location": str(tmp_path / "private")}


def test_with_reports_storage_s3_report_files_are_private_objects_of_the_configured_bucket():
    env = {
        "REPORTS_STORAGE": "s3",
        "AWS_S3_ENDPOINT_URL": "http://minio:9000",
        "AWS_STORAGE_BUCKET_NAME": "reports",
        "AWS_S3_REGION_NAME": "us-east-1",
    }
    assert _report_storage(env) == {
        "class": "S3ReportStorage",
        "location": "",
        "bucket_name": "reports",
        "endpoint_url": "http://minio:9000",
        "addressing_style": "path",
        "default_acl": "private",
        "file_overwrite": False,
    }


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"REPORTS_STORAGE": "ftp"}, "REPORTS_STORAGE must be local or s3"),
        ({"REPORTS_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": ""}, "needs AWS_STORAGE_BUCKET_NAME"),
    ],
)
def test_a_report_storage_that_cannot_work_is_refused_at_start(env, message):
    result = _manage("check", env={"DJANGO_SETTINGS_MODULE": "config.settings.local", **LOCAL_KEYS, **env})
    assert result.returncode != 0
    assert message in result.stderr


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


def test_the_compose_file_keeps_report_files_in_minio_shared_by_every_api_replica():
    compose = yaml.safe_load((REPO_DIR / "docker-compose.yml").read_text())
    services = compose["services"]
    assert services["minio"]["image"].startswith("quay.io/minio/minio:RELEASE.")
    assert "ports" not in services["minio"]
    assert services["storage-init"]["depends_on"]["minio"]["condition"] == "service_healthy"
    init_script = services["storage-init"]["command"][0]
    for step in ("mc mb --ignore-existing", "mc anonymous set none", "mc admin policy attach"):
        assert step in init_script
    for name in ("migrate", "worker", "beat"):
        assert services[name]["depends_on"]["storage-init"]["condition"] == "service_completed_successfully"
    for name in ("api", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["REPORTS_STORAGE"] == "s3"
        assert environment["AWS_S3_ENDPOINT_URL"] == "http://minio:9000"
    # Replicas: no published port, no disk of their own for reports, migrations run once before them.
    assert "ports" not in services["api"]
    assert "volumes" not in services["api"]
    assert services["api"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "migrate" not in services["api"]["command"]
    # nginx balances over every replica, and notices replicas that come and go.
    nginx = (REPO_DIR / "frontend" / "nginx.conf").read_text()
    upstream = nginx[nginx.index("upstream api {") : nginx.index("}", nginx.index("upstream api {"))]
    assert "zone api" in upstream
    assert "server api:8000 resolve;" in upstream
    assert "resolver 127.0.0.11" in upstream


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
