"""The API against its own OpenAPI schema: Schemathesis generates requests for every operation the schema
holds when the test runs (nothing here names an endpoint) and sends them to the Django app in-process, as
anonymous and as an officer, a company member and an NGO member (DRF tokens). No answer may be a 5xx, and
each must be one the schema describes: its status code, its content type and its body.

Bounded for CI: about CASES_PER_ROLE requests per role, spread over the operations; derandomized, with no
Hypothesis database. Path parameters come mostly from real objects (see `_path_values`), so that
`/pledges/{id}/accept/` reaches a pledge rather than a 404. Run with -s to see the figures.
"""

import logging
import re
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from unittest.mock import ANY

import pytest
import schemathesis
from django.apps import apps
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.core.result import Ok
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.test import Client

from tests.api import matrix
from tests.api.test_permission_matrix import SECTIONS

pytestmark = pytest.mark.django_db

SCHEMA_URL = "/api/v1/schema/"
ROLES = ("anonymous", "officer", "company", "ngo")
# About 2,400 requests in all, whatever the number of operations (a minute or two on two cores); each
# operation gets at least MIN_EXAMPLES and at most MAX_EXAMPLES per role.
CASES_PER_ROLE = 1200
MIN_EXAMPLES, MAX_EXAMPLES = 3, 40
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {
            # Valid requests, and invalid ones: those must be refused with a 4xx the schema describes.
            "mode": "all",
            "deterministic": True,
            "database": "none",
            # Each role sends its own token; made-up credentials would only ever meet a 401.
            "with-security-parameters": False,
        }
    }
)
HIGH_RATE = "1000000/second"


@dataclass
class Figures:
    operations: int = 0
    cases: int = 0
    failing_cases: int = 0
    statuses: Counter = field(default_factory=Counter)
    # The first report of each distinct failure: (operation, kind of failure, status) -> report.
    failures: dict[tuple[str, str, int], str] = field(default_factory=dict)

    def summary(self, role: str, examples: int, seconds: float) -> str:
        classes = ", ".join(f"{c}xx {n}" for c, n in sorted(self.statuses.items()))
        return (
            f"schemathesis [{role}]: {self.operations} operations, {self.cases} cases ({examples} at most "
            f"per operation; {classes}), {self.failing_cases} failing cases, {len(self.failures)} distinct "
            f"failures, {seconds:.0f}s"
        )


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """Django's own WSGI handler, on the test's connection: as Django's test client does, keep it from
    closing the connection (and with it the test's transaction) when a request starts or ends."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def unthrottled(settings, monkeypatch) -> None:
    """Thousands of calls in one test: raise every throttle rate, if the API throttles at all. DRF's own
    throttles read the rates once, at import (SimpleRateThrottle.THROTTLE_RATES): replaced there too."""
    framework = dict(settings.REST_FRAMEWORK)
    rates = framework.get("DEFAULT_THROTTLE_RATES") or {}
    if not rates and not framework.get("DEFAULT_THROTTLE_CLASSES"):
        return
    high = dict.fromkeys(rates, HIGH_RATE)
    settings.REST_FRAMEWORK = {**framework, "DEFAULT_THROTTLE_RATES": high}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", high)


@pytest.fixture
def world() -> matrix.World:
    """The permission matrix's world, with what each of its sections adds for its endpoints."""
    world = matrix.build_world()
    for section in SECTIONS:
        build = getattr(section, "build", None)
        if build is not None:
            build(world)
    return world


def _stored_values(name: str) -> list[Any]:
    """Values our tables hold for a path parameter, by its name alone: `id` or `pk` -> primary keys,
    `slug` -> every model's slugs, `project_id` -> projects' ids if a model is so named."""
    prefix, _, attribute = name.rpartition("_")
    attribute = "pk" if attribute in ("id", "pk") else attribute
    models = [
        model
        for config in apps.get_app_configs()
        if "site-packages" not in config.path and not config.name.startswith("django.")
        for model in config.get_models()
    ]
    named = [model for model in models if model._meta.model_name == prefix.replace("_", "")]
    values: set[Any] = set()
    for model in named or models:
        names = {f.name for f in model._meta.concrete_fields if not f.is_relation}
        if attribute == "pk" or attribute in names:
            values.update(model.objects.order_by(attribute).values_list(attribute, flat=True)[:10])
    return sorted((v for v in values if v not in (None, "")), key=str)[:40]


def _listed_values(client: Client, headers: dict[str, str], path: str, name: str) -> list[Any]:
    """The `name` of each object the caller sees in the list at `path` (its first page), if there is one:
    `/pledges/` for `/pledges/{id}/accept/` gives the caller's own pledges."""
    with transaction.atomic():
        response = client.get(path, headers=headers)
        transaction.set_rollback(True)
    if response.status_code != 200 or not response.is_json:
        return []
    body = response.get_json()
    rows = body.get("results", []) if isinstance(body, dict) else body
    return [row[name] for row in rows if isinstance(row, dict) and row.get(name) not in (None, "")][:20]


def _path_values(operation: APIOperation, client: Client, headers: dict[str, str]) -> dict[str, list[Any]]:
    """For each path parameter, the values of real objects: those the caller sees listed at the path
    before it, and others from the tables (another company's or city's: the scoping must 404 them)."""
    values: dict[str, list[Any]] = {}
    for match in re.finditer(r"{(\w+)}", operation.full_path):
        name = match.group(1)
        before = match.string[: match.start()]
        for known, choices in values.items():
            before = before.replace(f"{{{known}}}", str(choices[0]) if choices else "0")
        listed = _listed_values(client, headers, before, name)
        values[name] = listed + [v for v in _stored_values(name) if v not in listed]
    return values


def _cases(operation: APIOperation, path_values: dict[str, list[Any]]) -> st.SearchStrategy[Case]:
    """Valid and invalid requests; three in four on real objects, the rest on generated path values."""
    modes = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    generated = [operation.as_strategy(generation_mode=mode) for mode in modes]
    if not path_values or not all(path_values.values()):
        return st.one_of(*generated)
    real_paths = st.fixed_dictionaries({name: st.sampled_from(vs) for name, vs in path_values.items()})
    on_real_objects = [
        real_paths.flatmap(lambda values, mode=mode: operation.as_strategy(mode, path_parameters=values))
        for mode in modes
    ]
    return st.one_of(*on_real_objects * 3, *generated)


def _record(figures: Figures, case: Case, response: Response, failures, report: str, traces) -> None:
    figures.failing_cases += 1
    for failure in failures:
        if response.status_code >= 500 and failure.title != "Server error":
            continue  # the server error, with its traceback, says it all
        key = (case.operation.label, failure.title, response.status_code)
        figures.failures.setdefault(key, report + (f"\n{traces[-1]}" if traces else ""))


def _exercise(operation: APIOperation, strategy, examples: int, headers, figures: Figures, traces) -> None:
    @hypothesis_settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        # Failures are collected, not raised: nothing to shrink, and every case of the budget is sent.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def send(case: Case) -> None:
        figures.cases += 1
        traces.clear()
        # Each request in a savepoint rolled back after it: writes do not pile up under the next cases,
        # and a request that breaks the transaction (PostgreSQL) cannot fail the ones after it.
        with transaction.atomic():
            response = case.call(headers=headers)
            figures.statuses[response.status_code // 100] += 1
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except FailureGroup as group:
                _record(figures, case, response, group.exceptions, group.message, traces)
            except Failure as failure:
                _record(figures, case, response, [failure], str(failure), traces)
            transaction.set_rollback(True)

    send()


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_answers_as_the_schema_says_and_never_with_a_server_error(
    role: str, world: matrix.World, wsgi_app: WSGIHandler, unthrottled: None, caplog
) -> None:
    started = time.monotonic()
    # Thousands of 4xx answers are expected: a warning logged for each would bury a failure's report.
    caplog.set_level(logging.ERROR, logger="django.request")
    user = world.users[role]
    headers = {"Authorization": f"Token {Token.objects.create(user=user).key}"} if user else {}
    traces: list[str] = []

    def keep_traceback(sender, **kwargs) -> None:
        traces.append(traceback.format_exc())

    got_request_exception.connect(keep_traceback)
    try:
        schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, wsgi_app, config=CONFIG)
        results = list(schema.get_all_operations())
        operations = [result.ok() for result in results if isinstance(result, Ok)]
        unreadable = [str(result.err()) for result in results if not isinstance(result, Ok)]
        figures = Figures(operations=len(operations))
        examples = max(MIN_EXAMPLES, min(MAX_EXAMPLES, CASES_PER_ROLE // max(1, len(operations))))
        client = Client(wsgi_app)
        for operation in operations:
            strategy = _cases(operation, _path_values(operation, client, headers))
            _exercise(operation, strategy, examples, headers, figures, traces)
    finally:
        got_request_exception.disconnect(keep_traceback)

    print("\n" + figures.summary(role, examples, time.monotonic() - started))
    assert operations and not unreadable, "operations Schemathesis could not read:\n" + "\n".join(unreadable)
    assert not figures.failures, f"{len(figures.failures)} distinct failures as {role}:\n\n" + "\n\n".join(
        f"=== {label} [{title}, {status}]\n{report}"
        for (label, title, status), report in sorted(figures.failures.items())
    )


def test_a_stored_value_is_found_for_a_path_parameter_by_its_name(world: matrix.World) -> None:
    assert world.pledge.pk in _stored_values("id") and world.pledge.pk in _stored_values("pledge_id")
    assert world.milano.slug in _stored_values("slug")
    assert _stored_values("no_such_field") == []


def test_the_schema_documents_the_errors_each_operation_may_answer(client) -> None:
    paths = client.get(SCHEMA_URL, HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    public_read = paths["/api/v1/cities/{slug}/"]["get"]["responses"]
    closed = [
        operation["responses"]
        for methods in paths.values()
        for operation in methods.values()
        if {} not in operation.get("security", [{}])
    ]

    assert {"200", "401", "404"} <= set(public_read) and "403" not in public_read
    assert closed and all({"401", "403"} <= set(responses) for responses in closed)


def test_a_url_under_the_api_that_no_route_matches_is_a_json_404(client) -> None:
    response = client.post("/api/v1/pledges/1.5/accept/")

    assert response.status_code == 404 and response.json() == {"detail": ANY}
