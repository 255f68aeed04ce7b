import pytest

from tindus.referentials.loading import load_all


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real shipped reference data once for the whole session."""
    with django_db_blocker.unblock():
        load_all()


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def isolated_warehouse(settings, tmp_path):
    """Never read the developer's warehouse: each test starts with an empty one of its own."""
    settings.WAREHOUSE_PATH = tmp_path / "warehouse.duckdb"
    settings.WAREHOUSE_MEMORY_LIMIT = "1GB"


@pytest.fixture(autouse=True)
def isolated_media(settings, tmp_path):
    """Uploaded files go to the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def haut_doubs(db):
    from tindus.territories.models import Territory

    return Territory.objects.get(kind="official", wave=1, official_id="ti-2704")


@pytest.fixture
def auxois(db):
    from tindus.territories.models import Territory

    return Territory.objects.get(kind="official", wave=1, official_id="ti-2701")
