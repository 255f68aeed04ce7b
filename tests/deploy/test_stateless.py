"""Several app processes on several machines share nothing but the database and the files: sessions,
sign-in failures and second-factor throttling in the database, uploads in MEDIA_ROOT (a shared folder)
or an S3-compatible store, no process-local cache that another process would need to see."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import tindus

SOURCE = Path(tindus.__file__).parent

PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
print(json.dumps({
    "media_root": str(settings.MEDIA_ROOT),
    "storage": type(storages["default"]).__name__,
    "options": {k: v for k, v in settings.STORAGES["default"].get("OPTIONS", {}).items() if k != "secret_key"},
    "health_checks": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
}))
"""


def settings_with(tmp_path: Path, prelude: str = "", **variables: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TINDUS_S3_", "TINDUS_MEDIA_ROOT"))}
    env |= {"DJANGO_SETTINGS_MODULE": "tindus.config.settings", "TINDUS_VAR_DIR": str(tmp_path / "var"), **variables}
    code = prelude + PRINT_SETTINGS
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)


def test_sessions_and_sign_in_failures_live_in_the_database(settings):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert getattr(settings, "AXES_HANDLER", "axes.handlers.database.AxesDatabaseHandler") == (
        "axes.handlers.database.AxesDatabaseHandler"
    )
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def test_no_code_keeps_shared_state_in_the_process_cache():
    """The cache is per process (LocMem): nothing may count on another process seeing what it holds."""
    uses = re.compile(r"django\.core\.cache\b|\bcache_page\b|\bcached_db\b|backends\.cache\b")
    found = [
        str(p.relative_to(SOURCE))
        for p in SOURCE.rglob("*.py")
        if p.name != "settings.py" and uses.search(p.read_text())
    ]
    assert found == []


def test_uploads_go_to_the_folder_named_by_tindus_media_root(tmp_path):
    shared = tmp_path / "partage" / "media"
    done = settings_with(tmp_path, TINDUS_MEDIA_ROOT=str(shared))
    assert done.returncode == 0, done.stderr
    read = json.loads(done.stdout)
    assert read["media_root"] == str(shared) and read["storage"] == "FileSystemStorage"
    default = json.loads(settings_with(tmp_path).stdout)
    assert default["media_root"] == str((tmp_path / "var" / "media").resolve())


def test_a_bucket_switches_uploads_to_the_s3_store(tmp_path):
    done = settings_with(
        tmp_path,
        TINDUS_S3_BUCKET="tindus-fichiers",
        TINDUS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        TINDUS_S3_REGION="fr-par",
        TINDUS_S3_PREFIX="prod",
        TINDUS_S3_ACCESS_KEY="cle",
        TINDUS_S3_SECRET_KEY="secret",
    )
    assert done.returncode == 0, done.stderr
    read = json.loads(done.stdout)
    assert read["storage"] == "S3Storage"
    assert read["options"] == {
        "bucket_name": "tindus-fichiers",
        "location": "prod",
        "endpoint_url": "http://127.0.0.1:9000",
        "region_name": "fr-par",
        "access_key": "cle",
        "default_acl": "private",
        "file_overwrite": False,
    }


def test_a_bucket_without_django_storages_stops_with_a_clear_message(tmp_path):
    hide = "import sys; sys.modules['storages'] = None\n"
    done = settings_with(tmp_path, prelude=hide, TINDUS_S3_BUCKET="tindus-fichiers")
    assert done.returncode != 0
    assert "pip install 'tindus[s3]'" in done.stderr


def test_kept_connections_are_checked_after_a_database_restart(tmp_path):
    done = settings_with(tmp_path, CONN_MAX_AGE="60")
    assert json.loads(done.stdout)["health_checks"] is True
