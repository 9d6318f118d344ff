import importlib
import os
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation


@pytest.fixture
def requires_postgres() -> None:
    """Skip on SQLite; CI always runs on PostgreSQL, where nothing is skipped."""
    if connection.vendor != "postgresql":
        if os.environ.get("CI"):
            pytest.fail("CI runs on PostgreSQL: set DATABASE_URL")
        pytest.skip("needs PostgreSQL")


@pytest.fixture(autouse=True)
def uploads_in_a_temporary_folder(settings, tmp_path) -> None:
    """Files saved by a test (attachments, receipts, photos) land in the test's own folder, not media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def vocabularies_after_flush(request) -> None:
    """Transactional tests flush every table when they end, dropping the themes, SDGs and skills that a
    data migration seeds; put them back for the transactional test that follows."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from taxonomy.models import Theme

    if not Theme.objects.exists():
        seed = importlib.import_module("taxonomy.migrations.0002_seed_vocabularies").seed
        seed(apps, None)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """Scenes build several users; hashing their passwords with PBKDF2 would be most of the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Each test starts in Italian: a request under /en/ leaves English active on its thread otherwise."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def public_pages_uncached(settings) -> None:
    """Tests see each page rendered afresh; tests/web/test_public_cache.py turns the cache on."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def matches_not_refreshed_on_change(settings) -> None:
    """Page and service tests leave matching alone; tests/matching/test_refresh_on_change.py turns it on."""
    settings.MATCHING_REFRESH_ON_CHANGE = False


@pytest.fixture(autouse=True)
def rate_limits_from_a_clean_slate() -> None:
    """Rate-limit counters (sign-in, sign-up, password reset, API writes) live in the default cache: each test
    starts with none, so the suite's thousands of requests from 127.0.0.1 never add up to a limit.
    tests/security sets the limits low to see them work. Lock-outs live in the database: rolled back."""
    from django.core.cache import cache

    cache.clear()
