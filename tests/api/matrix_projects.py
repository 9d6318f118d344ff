"""Matrix section: projects, needs, initiatives, campaigns, calls and applications.

Public reads are open to all and read-only. What a role manages sits under its own prefix and is closed to
the other roles (403, 401 anonymous, whatever the id: nothing learnt); within a role, another city's,
company's or NGO's object is a 404, like an id that does not exist (the "IDOR" rows, labelled).
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from projects.models import Call, Project
from tests import factories
from tests.api.matrix import METHODS, Row, everyone, read_only, roles

OFFICERS = ("officer", "foreign_officer")
PROPOSERS = ("company", "ngo")
NGO = ("ngo",)


def closed(audience: tuple[str, ...], statuses: tuple[int, ...]) -> dict[str, int]:
    """An endpoint of one audience: the other roles are refused (403, 401 anonymous) whatever they ask."""
    return roles(403, anonymous=401, **dict(zip(audience, statuses, strict=True)))


def officers(officer: int, foreign_officer: int) -> dict[str, int]:
    return closed(OFFICERS, (officer, foreign_officer))


def proposers(company: int, ngo: int) -> dict[str, int]:
    return closed(PROPOSERS, (company, ngo))


def ngo_only(ngo: int) -> dict[str, int]:
    return closed(NGO, (ngo,))


def endpoint(name, audience, ok, *, kwargs=None, payloads=None, label="") -> list[Row]:
    """One URL x every method: `ok` maps the methods it serves to the audience's statuses; a method it
    does not serve is a 405 to the audience."""
    payloads = payloads or {}
    return [
        Row(
            name,
            method,
            closed(audience, ok.get(method, (405,) * len(audience))),
            kwargs=kwargs,
            payload=payloads.get(method),
            label=label,
        )
        for method in METHODS
    ]


def no_body(world) -> dict:
    return {}


def post(name, audience, statuses, *, kwargs=None, payload=no_body, label="") -> list[Row]:
    """An action that only takes POST (an empty JSON object unless a payload is given: the table sends
    a row without one as a body of "None")."""
    return endpoint(
        name, audience, {"POST": statuses}, kwargs=kwargs, payloads={"POST": payload}, label=label
    )


def one(name, method, expect, *, kwargs=None, payload=no_body, label) -> list[Row]:
    """A single extra entry (an IDOR probe, a refused input) beside an endpoint's full set of methods."""
    return [Row(name, method, expect, kwargs=kwargs, payload=payload, label=label)]


# --- payloads ---------------------------------------------------------------------------------------


def project_payload(world) -> dict:
    return {
        "title": "Giardino condiviso",
        "summary": "Un giardino per il quartiere.",
        "description": "Aiuole, panchine e un orto.",
        "neighbourhood": world.neighbourhood.code,
        "themes": ["greening"],
        "instrument": "collective_action",
        "needs": [{"kind": "funding", "title": "Panchine", "target_quantity": "5000.00"}],
    }


def call_payload(world) -> dict:
    now = timezone.now()
    return {
        "title": "Bando doposcuola",
        "description": "Partner per il doposcuola.",
        "eligibility": "Enti del Terzo Settore.",
        "themes": ["education"],
        "opens_at": now,
        "deadline": now + timedelta(days=30),
        "criteria": [{"name": "Qualità", "weight": "60.00"}, {"name": "Costi", "weight": "40.00"}],
    }


def campaign_payload(world) -> dict:
    return {"title": "Milano più verde", "starts_on": date(2027, 1, 1), "ends_on": date(2027, 12, 31)}


def build(world) -> None:
    """Objects this section's rows need beyond the shared world."""
    milano, torino = world.milano, world.torino
    world.draft_need = factories.NeedFactory(project=world.draft)
    proposed = {"neighbourhood": world.neighbourhood, "published_at": None}
    world.initiative = factories.ProjectFactory(
        **proposed,
        status=Project.Status.CHANGES_REQUESTED,
        review_note="Indicate the partners.",
        origin=Project.Origin.COMPANY,
        proposed_by_company=world.company,
    )
    world.ngo_initiative = factories.ProjectFactory(
        **proposed,
        status=Project.Status.PROPOSED,
        origin=Project.Origin.NGO,
        proposed_by_organisation=world.organisation,
    )
    world.other_initiative = factories.ProjectFactory(
        **proposed,
        status=Project.Status.PROPOSED,
        origin=Project.Origin.COMPANY,
        proposed_by_company=world.other_company,
    )
    for initiative in (world.initiative, world.ngo_initiative, world.other_initiative):
        factories.NeedFactory(project=initiative)
    world.campaign = factories.CampaignFactory(city=milano)
    world.torino_campaign = factories.CampaignFactory(city=torino)
    world.campaign_project = factories.ProjectFactory(
        neighbourhood=world.neighbourhood, campaign=world.campaign
    )
    world.criterion = factories.EvaluationCriterionFactory(call=world.call, weight=Decimal("100.00"))
    world.draft_call = factories.CallFactory(city=milano, status=Call.Status.DRAFT)
    factories.EvaluationCriterionFactory(call=world.draft_call, weight=Decimal("100.00"))
    world.new_call = factories.CallFactory(city=milano)
    world.torino_call = factories.CallFactory(city=torino)
    world.torino_application = factories.ApplicationFactory(call=world.torino_call)


def _id(attribute: str):
    return lambda world: {"pk": getattr(world, attribute).pk}


# --- public reads -----------------------------------------------------------------------------------

PUBLIC = [
    *read_only("api:project-list"),
    *read_only("api:project-detail", kwargs=_id("project")),
    *read_only("api:project-detail", kwargs=_id("draft"), get=everyone(404), label="a draft"),
    *read_only("api:project-detail", kwargs=_id("ngo_initiative"), get=everyone(404), label="a proposal"),
    *read_only("api:need-list"),
    *read_only("api:need-detail", kwargs=_id("funding")),
    *read_only("api:need-detail", kwargs=_id("draft_need"), get=everyone(404), label="a draft's need"),
    *read_only("api:campaign-list"),
    *read_only("api:campaign-detail", kwargs=_id("campaign")),
    *read_only("api:call-list"),
    *read_only("api:call-detail", kwargs=_id("call")),
    *read_only("api:call-detail", kwargs=_id("draft_call"), get=everyone(404), label="a draft call"),
]

# --- the officer's projects -------------------------------------------------------------------------

OFFICER_PROJECTS = [
    *endpoint(
        "api:officer-project-list",
        OFFICERS,
        {"GET": (200, 200), "POST": (201, 400)},  # Torino's officer: a Milano neighbourhood is no choice
        payloads={"POST": project_payload},
    ),
    *endpoint(
        "api:officer-project-detail",
        OFFICERS,
        {"GET": (200, 404), "PUT": (200, 404), "PATCH": (200, 404)},
        kwargs=_id("draft"),
        payloads={"PUT": project_payload, "PATCH": lambda w: {"title": "Bozza rivista"}},
        label="a draft",
    ),
    *one(
        "api:officer-project-detail",
        "GET",
        officers(404, 200),
        kwargs=_id("torino_project"),
        label="Torino's",
    ),
    *one(
        "api:officer-project-detail",
        "PATCH",
        officers(404, 200),
        kwargs=_id("torino_project"),
        payload=lambda w: {"summary": "Nuovo riassunto."},
        label="Torino's",
    ),
    *post(
        "api:officer-project-transition",
        OFFICERS,
        (200, 404),
        kwargs=_id("project"),
        payload=lambda w: {"to_status": "closed"},
    ),
    *one(
        "api:officer-project-transition",
        "POST",
        officers(400, 404),
        kwargs=_id("project"),
        payload=lambda w: {"to_status": "funded"},
        label="a move only the platform makes",
    ),
]

# --- initiatives ------------------------------------------------------------------------------------

INITIATIVES = [
    *endpoint(
        "api:initiative-list",
        PROPOSERS,
        {"GET": (200, 200), "POST": (201, 201)},
        payloads={"POST": lambda w: {**project_payload(w), "partners": []}},
    ),
    *endpoint(
        "api:initiative-detail",
        PROPOSERS,
        {"GET": (200, 404), "PUT": (200, 404), "PATCH": (200, 404)},
        kwargs=_id("initiative"),
        payloads={"PUT": project_payload, "PATCH": lambda w: {"summary": "Con i partner indicati."}},
        label="the company's",
    ),
    *one(
        "api:initiative-detail", "GET", proposers(404, 200), kwargs=_id("ngo_initiative"), label="the NGO's"
    ),
    *one(
        "api:initiative-detail",
        "GET",
        proposers(404, 404),
        kwargs=_id("other_initiative"),
        label="another company's",
    ),
    *one(
        "api:initiative-detail",
        "PATCH",
        proposers(404, 404),
        kwargs=_id("other_initiative"),
        payload=lambda w: {"title": "Preso"},
        label="another company's",
    ),
    *one("api:initiative-detail", "GET", proposers(404, 404), kwargs=_id("project"), label="a City project"),
    *post("api:initiative-resubmit", PROPOSERS, (200, 404), kwargs=_id("initiative")),
    *one(
        "api:initiative-resubmit",
        "POST",
        proposers(404, 404),
        kwargs=_id("other_initiative"),
        label="another company's",
    ),
    *endpoint("api:officer-initiative-list", OFFICERS, {"GET": (200, 200)}),
    *endpoint("api:officer-initiative-detail", OFFICERS, {"GET": (200, 404)}, kwargs=_id("ngo_initiative")),
    *one(
        "api:officer-initiative-detail",
        "GET",
        officers(404, 404),
        kwargs=_id("project"),
        label="a City project",
    ),
    *post(
        "api:officer-initiative-request-changes",
        OFFICERS,
        (200, 404),
        kwargs=_id("ngo_initiative"),
        payload=lambda w: {"note": "Indicate the partners."},
    ),
    *one(
        "api:officer-initiative-request-changes",
        "POST",
        officers(400, 404),
        kwargs=_id("ngo_initiative"),
        payload=lambda w: {"note": " "},
        label="without a note",
    ),
    *post("api:officer-initiative-endorse", OFFICERS, (200, 404), kwargs=_id("ngo_initiative")),
    *post(
        "api:officer-initiative-decline",
        OFFICERS,
        (200, 404),
        kwargs=_id("ngo_initiative"),
        payload=lambda w: {"reason": "Not a priority here."},
    ),
]

# --- campaigns --------------------------------------------------------------------------------------

CAMPAIGNS = [
    *endpoint(
        "api:officer-campaign-list",
        OFFICERS,
        {"GET": (200, 200), "POST": (201, 201)},  # each officer creates in their own city
        payloads={"POST": campaign_payload},
    ),
    *endpoint(
        "api:officer-campaign-detail",
        OFFICERS,
        {"GET": (200, 404), "PUT": (200, 404), "PATCH": (200, 404)},
        kwargs=_id("campaign"),
        payloads={"PUT": campaign_payload, "PATCH": lambda w: {"target_eur": "5000.00"}},
    ),
    *one(
        "api:officer-campaign-detail",
        "GET",
        officers(404, 200),
        kwargs=_id("torino_campaign"),
        label="Torino's",
    ),
    *post(
        "api:officer-campaign-add-project",
        OFFICERS,
        (200, 404),
        kwargs=_id("campaign"),
        payload=lambda w: {"project": w.project.pk},
    ),
    *one(
        "api:officer-campaign-add-project",
        "POST",
        officers(400, 404),
        kwargs=_id("campaign"),
        payload=lambda w: {"project": w.torino_project.pk},
        label="a Torino project",
    ),
    *post(
        "api:officer-campaign-remove-project",
        OFFICERS,
        (200, 404),
        kwargs=_id("campaign"),
        payload=lambda w: {"project": w.campaign_project.pk},
    ),
]

# --- calls and applications -------------------------------------------------------------------------


def application_payload(world) -> dict:
    return {"call": world.new_call.pk, "proposal": "Laboratori il sabato.", "budget_eur": "1000.00"}


CALLS = [
    *endpoint(
        "api:officer-call-list",
        OFFICERS,
        {"GET": (200, 200), "POST": (201, 201)},
        payloads={"POST": call_payload},
    ),
    *endpoint("api:officer-call-detail", OFFICERS, {"GET": (200, 404)}, kwargs=_id("call")),
    *one("api:officer-call-detail", "GET", officers(200, 404), kwargs=_id("draft_call"), label="a draft"),
    *one("api:officer-call-detail", "GET", officers(404, 200), kwargs=_id("torino_call"), label="Torino's"),
    *post("api:officer-call-publish", OFFICERS, (200, 404), kwargs=_id("draft_call")),
    *one("api:officer-call-publish", "POST", officers(400, 404), kwargs=_id("call"), label="an open call"),
    *endpoint("api:officer-call-ranking", OFFICERS, {"GET": (200, 404)}, kwargs=_id("call")),
    *endpoint(
        "api:ngo-application-list",
        NGO,
        {"GET": (200,), "POST": (201,)},
        payloads={"POST": application_payload},
    ),
    *one(
        "api:ngo-application-list",
        "POST",
        ngo_only(400),
        payload=lambda w: {**application_payload(w), "call": w.call.pk},
        label="a call applied to already",
    ),
    *one(
        "api:ngo-application-list",
        "POST",
        ngo_only(400),
        payload=lambda w: {**application_payload(w), "call": w.draft_call.pk},
        label="a draft call",
    ),
    *one(
        "api:ngo-application-list",
        "POST",
        ngo_only(400),
        payload=lambda w: {**application_payload(w), "call": w.torino_call.pk},
        label="Torino's call",
    ),
    *endpoint("api:ngo-application-detail", NGO, {"GET": (200,)}, kwargs=_id("application")),
    *one(
        "api:ngo-application-detail",
        "GET",
        ngo_only(404),
        kwargs=_id("other_application"),
        label="another NGO's",
    ),
    *post("api:ngo-application-withdraw", NGO, (200,), kwargs=_id("application")),
    *one(
        "api:ngo-application-withdraw",
        "POST",
        ngo_only(404),
        kwargs=_id("other_application"),
        label="another NGO's",
    ),
    *endpoint("api:officer-application-list", OFFICERS, {"GET": (200, 200)}),
    *endpoint("api:officer-application-detail", OFFICERS, {"GET": (200, 404)}, kwargs=_id("application")),
    *one(
        "api:officer-application-detail",
        "GET",
        officers(404, 200),
        kwargs=_id("torino_application"),
        label="Torino's",
    ),
    *post(
        "api:officer-application-score",
        OFFICERS,
        (200, 404),
        kwargs=_id("application"),
        payload=lambda w: {"scores": [{"criterion": w.criterion.pk, "score": 7}]},
    ),
    *one(
        "api:officer-application-score",
        "POST",
        officers(400, 404),
        kwargs=_id("application"),
        payload=lambda w: {"scores": [{"criterion": w.criterion.pk, "score": 11}]},
        label="above the highest score",
    ),
    *post("api:officer-application-shortlist", OFFICERS, (200, 404), kwargs=_id("application")),
    *post("api:officer-application-accept", OFFICERS, (200, 404), kwargs=_id("application")),
    *post(
        "api:officer-application-reject",
        OFFICERS,
        (200, 404),
        kwargs=_id("application"),
        payload=lambda w: {"reason": "Budget too high."},
    ),
    *one(
        "api:officer-application-reject",
        "POST",
        officers(400, 404),
        kwargs=_id("application"),
        payload=lambda w: {"reason": ""},
        label="without a reason",
    ),
    *one(
        "api:officer-application-reject",
        "POST",
        officers(404, 200),
        kwargs=_id("torino_application"),
        payload=lambda w: {"reason": "Fuori tema."},
        label="Torino's",
    ),
]

ROWS = [*PUBLIC, *OFFICER_PROJECTS, *INITIATIVES, *CAMPAIGNS, *CALLS]
