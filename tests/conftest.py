import os

import pytest
from django.db import connection


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
