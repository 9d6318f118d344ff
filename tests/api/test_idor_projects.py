"""Nobody reaches another's object by its id, through the API or through the pages: an NGO another NGO's
application, a company another company's initiative, Torino's officer Milano's projects, calls and
applications. Each probe answers 404 (as for an id that does not exist) and changes nothing."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from projects.models import Call, Project
from tests import factories
from tests.api import matrix, matrix_projects

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = matrix.build_world()
    matrix_projects.build(world)
    world.attachment = factories.ApplicationAttachmentFactory(application=world.other_application)
    return world


@dataclass(frozen=True)
class Probe:
    """`who` calls `method` on the URL `url(world)` builds; the object `target(world)` must not change."""

    label: str
    who: str  # a role of the matrix's world
    method: str
    url: Callable[[Any], str]
    target: Callable[[Any], Any]
    data: dict[str, Any] | None = None


def web(name: str, city: str, **kwargs: Callable[[Any], Any]) -> Callable[[Any], str]:
    """A page's URL: the city's slug from the world (milano or torino) and its other arguments."""
    return lambda w: reverse(
        f"web:{name}", kwargs={"city_slug": getattr(w, city).slug, **{k: f(w) for k, f in kwargs.items()}}
    )


def api(name: str, target: str) -> Callable[[Any], str]:
    return lambda w: reverse(f"api:{name}", kwargs={"pk": getattr(w, target).pk})


def _project_slug(w):
    return w.draft.slug


def _call_slug(w):
    return w.call.slug


def _application_id(w):
    return w.application.pk


PROBES = [
    # --- an NGO and another NGO's application -----------------------------------------------------
    Probe(
        "api: read",
        "ngo",
        "get",
        api("ngo-application-detail", "other_application"),
        lambda w: w.other_application,
    ),
    Probe(
        "api: withdraw",
        "ngo",
        "post",
        api("ngo-application-withdraw", "other_application"),
        lambda w: w.other_application,
    ),
    Probe(
        "page: withdraw",
        "ngo",
        "post",
        web("ngo_application_withdraw", "milano", application_id=lambda w: w.other_application.pk),
        lambda w: w.other_application,
    ),
    Probe(
        "page: download its attachment",
        "ngo",
        "get",
        web("application_attachment", "milano", attachment_id=lambda w: w.attachment.pk),
        lambda w: w.other_application,
    ),
    # --- a company and another company's initiative -----------------------------------------------
    Probe(
        "api: read",
        "company",
        "get",
        api("initiative-detail", "other_initiative"),
        lambda w: w.other_initiative,
    ),
    Probe(
        "api: edit",
        "company",
        "patch",
        api("initiative-detail", "other_initiative"),
        lambda w: w.other_initiative,
        {"title": "Presa"},
    ),
    Probe(
        "page: edit",
        "company",
        "post",
        web("initiative_edit", "milano", slug=lambda w: w.other_initiative.slug),
        lambda w: w.other_initiative,
        {"title": "Presa"},
    ),
    # --- Torino's officer and Milano's projects -----------------------------------------------------
    Probe(
        "api: read a draft",
        "foreign_officer",
        "get",
        api("officer-project-detail", "draft"),
        lambda w: w.draft,
    ),
    Probe(
        "api: edit",
        "foreign_officer",
        "patch",
        api("officer-project-detail", "draft"),
        lambda w: w.draft,
        {"title": "Presa"},
    ),
    Probe(
        "api: publish",
        "foreign_officer",
        "post",
        lambda w: reverse("api:officer-project-transition", kwargs={"pk": w.draft.pk}),
        lambda w: w.draft,
        {"to_status": "published"},
    ),
    Probe(
        "api: endorse an initiative",
        "foreign_officer",
        "post",
        lambda w: reverse("api:officer-initiative-endorse", kwargs={"pk": w.ngo_initiative.pk}),
        lambda w: w.ngo_initiative,
        {},
    ),
    Probe(
        "page: Milano's project page",
        "foreign_officer",
        "get",
        web("manage_project", "milano", slug=_project_slug),
        lambda w: w.draft,
    ),
    Probe(
        "page: through Torino's pages",
        "foreign_officer",
        "get",
        web("manage_project", "torino", slug=_project_slug),
        lambda w: w.draft,
    ),
    Probe(
        "page: publish through Torino's pages",
        "foreign_officer",
        "post",
        web("manage_project_move", "torino", slug=_project_slug),
        lambda w: w.draft,
        {"to_status": "published"},
    ),
    Probe(
        "page: review an initiative through Torino's pages",
        "foreign_officer",
        "post",
        web(
            "officer_initiative_decide",
            "torino",
            slug=lambda w: w.ngo_initiative.slug,
            decision=lambda w: "endorse",
        ),
        lambda w: w.ngo_initiative,
    ),
    # --- Torino's officer and Milano's calls and applications ---------------------------------------
    Probe(
        "api: read a call",
        "foreign_officer",
        "get",
        api("officer-call-detail", "draft_call"),
        lambda w: w.draft_call,
    ),
    Probe(
        "api: publish a call",
        "foreign_officer",
        "post",
        api("officer-call-publish", "draft_call"),
        lambda w: w.draft_call,
    ),
    Probe("api: ranking", "foreign_officer", "get", api("officer-call-ranking", "call"), lambda w: w.call),
    Probe(
        "api: read an application",
        "foreign_officer",
        "get",
        api("officer-application-detail", "application"),
        lambda w: w.application,
    ),
    Probe(
        "api: score",
        "foreign_officer",
        "post",
        api("officer-application-score", "application"),
        lambda w: w.application,
        {"scores": []},
    ),
    Probe(
        "api: reject",
        "foreign_officer",
        "post",
        api("officer-application-reject", "application"),
        lambda w: w.application,
        {"reason": "No."},
    ),
    Probe(
        "page: a call",
        "foreign_officer",
        "get",
        web("officer_call", "torino", slug=_call_slug),
        lambda w: w.call,
    ),
    Probe(
        "page: a call through Milano's pages",
        "foreign_officer",
        "get",
        web("officer_call", "milano", slug=_call_slug),
        lambda w: w.call,
    ),
    Probe(
        "page: an application",
        "foreign_officer",
        "get",
        web("officer_application", "torino", application_id=_application_id),
        lambda w: w.application,
    ),
    Probe(
        "page: decide",
        "foreign_officer",
        "post",
        web("officer_application_decide", "torino", application_id=_application_id),
        lambda w: w.application,
        {"decision": "rejected", "reason": "No."},
    ),
    Probe(
        "page: score",
        "foreign_officer",
        "post",
        web("officer_application_score", "torino", application_id=_application_id),
        lambda w: w.application,
    ),
]


def _state(instance) -> dict[str, Any]:
    fresh = type(instance).objects.get(pk=instance.pk)
    return {field.attname: getattr(fresh, field.attname) for field in fresh._meta.concrete_fields}


@pytest.mark.parametrize("probe", PROBES, ids=[f"{p.who}: {p.label}" for p in PROBES])
def test_another_ones_object_is_not_found_and_stays_as_it_was(world, probe: Probe) -> None:
    user = world.users[probe.who]
    is_api = probe.url(world).startswith("/api/")
    client = APIClient() if is_api else Client()
    if is_api:
        client.force_authenticate(user)
    else:
        client.force_login(user)
    target = probe.target(world)
    before = _state(target)

    call = getattr(client, probe.method)
    response = call(probe.url(world), probe.data or {}, **({"format": "json"} if is_api else {}))

    assert response.status_code == 404, response.content[:300]
    assert _state(target) == before


def test_the_owners_reach_the_same_objects(world) -> None:
    """The probes above answer 404 for who they are, not because the URLs are wrong."""
    ngo, company, officer = APIClient(), APIClient(), Client()
    ngo.force_authenticate(world.other_ngo_user)
    company.force_authenticate(world.other_company_user)
    officer.force_login(world.users["officer"])

    assert (
        ngo.get(reverse("api:ngo-application-detail", kwargs={"pk": world.other_application.pk})).status_code
        == 200
    )
    assert (
        company.get(reverse("api:initiative-detail", kwargs={"pk": world.other_initiative.pk})).status_code
        == 200
    )
    for page in (
        web("manage_project", "milano", slug=_project_slug),
        web("officer_call", "milano", slug=_call_slug),
        web("officer_application", "milano", application_id=_application_id),
    ):
        assert officer.get(page(world)).status_code == 200
    assert (
        Project.objects.filter(pk=world.draft.pk).exists() and Call.objects.filter(pk=world.call.pk).exists()
    )
