"""A small seeded city for the job's tests: the demo's eight-neighbourhood Milan in miniature."""

from io import StringIO

import pytest
from django.core.management import call_command

from neighborhoods.models import City
from tests.demo.conftest import TODAY, small_city  # noqa: F401  (a fixture, re-exported)


@pytest.fixture
def seeded_city(small_city: City) -> City:  # noqa: F811
    call_command(
        "seed_demo",
        "--today",
        TODAY,
        "--companies",
        "40",
        "--projects",
        "30",
        "--ngos",
        "6",
        "--no-score",  # each test runs the job the way it is testing
        stdout=StringIO(),
    )
    return small_city
