"""Every role x every endpoint x every method gets the status the table says, and every endpoint
of the API has its entries: a new endpoint with none fails here until its rows are written."""

import json

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from tests.api import matrix, matrix_audit, matrix_company, matrix_projects, matrix_public
from tests.api.matrix import METHODS, ROLES

SECTIONS = [matrix_public, matrix_projects, matrix_company, matrix_audit]
TABLE = matrix.joined(SECTIONS)


def _api_url_names() -> set[str]:
    """The names of every URL under /api/v1/ (leaving out the router's `.json` format twins)."""
    names: set[str] = set()

    def walk(patterns, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif (
                isinstance(pattern, URLPattern)
                and namespace == "api"
                and pattern.name
                and "format" not in pattern.pattern.regex.groupindex
            ):
                names.add(f"api:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return names


def test_every_endpoint_and_method_has_an_entry_in_the_table() -> None:
    covered = {(row.name, row.method) for row in TABLE}
    expected = {(name, method) for name in _api_url_names() for method in METHODS}

    assert sorted(expected - covered) == [], "endpoints or methods with no expected status"
    assert sorted(covered - expected) == [], "entries for URLs the API no longer has"


def test_the_table_names_each_entry_once() -> None:
    ids = [row.id for row in TABLE]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def _world():
    world = matrix.build_world()
    for section in SECTIONS:
        build = getattr(section, "build", None)
        if build is not None:
            build(world)
    return world


@pytest.mark.django_db
@pytest.mark.parametrize("row", TABLE, ids=[row.id for row in TABLE])
def test_each_role_gets_the_status_the_table_says(row: matrix.Row) -> None:
    world = _world()
    url = reverse(row.name, kwargs=row.kwargs(world) if row.kwargs else None)
    body = json.dumps(row.payload(world), default=str) if row.payload else None
    got: dict[str, int] = {}
    for role in ROLES:
        client = APIClient()
        with transaction.atomic():
            user = world.users[role]
            if user is not None:
                client.force_authenticate(user)
            response = client.generic(row.method, url, data=body, content_type="application/json")
            got[role] = response.status_code
            transaction.set_rollback(True)
    assert got == row.expect, f"{row.method} {url}"
