import pytest
from django.db import connection


@pytest.fixture
def requires_postgres() -> None:
    """Skip on SQLite; CI always runs on PostgreSQL, where nothing is skipped."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
