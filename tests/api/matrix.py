"""The permission matrix of the API: one table, every endpoint x every method x every role.

Each section module (tests/api/matrix_*.py) holds `ROWS` (a list of `Row`) and may define
`build(world)` to add the objects its rows need. `tests/api/test_permission_matrix.py` joins the
sections into one table, fails if any URL of the API (or any method of it) has no entry, and calls
each entry as each role on a fresh world (every role's call rolled back before the next).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.contrib.auth import get_user_model

from ledger.models import Pledge
from tests import factories
from tests.web.conftest import ranked_city

ROLES = ("anonymous", "company", "ngo", "officer", "foreign_officer", "staff")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
WRITES = ("POST", "PUT", "PATCH", "DELETE")

World = SimpleNamespace


@dataclass(frozen=True)
class Row:
    """What each role gets calling `method` on the URL named `name` (in the `api` namespace)."""

    name: str
    method: str
    expect: dict[str, int]
    # The URL's arguments and the request's JSON body, from the world the call is made in.
    kwargs: Callable[[World], dict[str, Any]] | None = None
    payload: Callable[[World], dict[str, Any]] | None = None
    # Tells apart two entries for the same endpoint and method ("another company's pledge").
    label: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        assert self.method in METHODS, self.method
        assert set(self.expect) == set(ROLES), f"{self.name} {self.method}: give every role a status"

    @property
    def id(self) -> str:
        return f"{self.name} {self.method}" + (f" [{self.label}]" if self.label else "")


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def roles(otherwise: int, **statuses: int) -> dict[str, int]:
    """`otherwise` for each role not named: roles(403, anonymous=401, officer=200)."""
    assert set(statuses) <= set(ROLES), statuses
    return {role: statuses.get(role, otherwise) for role in ROLES}


# Anonymous callers of an endpoint closed to them: 401 (the token scheme asks them to authenticate).
SIGNED_IN_ONLY = 401


def read_only(
    name: str,
    kwargs: Callable[[World], dict[str, Any]] | None = None,
    get: dict[str, int] | None = None,
    label: str = "",
) -> list[Row]:
    """A public, read-only endpoint: GET as given (200 for all by default), every write 405."""
    return [
        Row(name, "GET", get or everyone(200), kwargs=kwargs, label=label),
        *(Row(name, method, everyone(405), kwargs=kwargs, label=label) for method in WRITES),
    ]


def rows_for(
    name: str,
    statuses: dict[str, dict[str, int]],
    kwargs: Callable[[World], dict[str, Any]] | None = None,
    payloads: dict[str, Callable[[World], dict[str, Any]]] | None = None,
    label: str = "",
) -> list[Row]:
    """One row per method for one URL: `statuses` maps each of METHODS to its role -> status."""
    assert set(statuses) == set(METHODS), f"{name}: give every method: {sorted(statuses)}"
    payloads = payloads or {}
    return [
        Row(name, method, statuses[method], kwargs=kwargs, payload=payloads.get(method), label=label)
        for method in METHODS
    ]


def build_world() -> World:
    """Two cities; in Milano a company, another company, an NGO, another NGO, an officer; an officer of
    Torino; a staff user with no role. A published project with a funding and a volunteering need, a
    draft, a project in Torino; a pledge of each Milano company; an open call with an application of
    each NGO."""
    milano = ranked_city(count=2)
    torino = ranked_city(count=1, slug="torino", code_prefix="T")
    city = milano.city
    world = World(milano=city, torino=torino.city, neighbourhood=milano.neighbourhoods[0])

    company_member = factories.CompanyMemberFactory(city=city, user__username="company")
    other_company_member = factories.CompanyMemberFactory(city=city, user__username="other-company")
    ngo_member = factories.NgoMemberFactory(city=city, user__username="ngo")
    other_ngo_member = factories.NgoMemberFactory(city=city, user__username="other-ngo")
    world.company, world.other_company = company_member.company, other_company_member.company
    world.organisation, world.other_organisation = ngo_member.organisation, other_ngo_member.organisation
    world.users = {
        "anonymous": None,
        "company": company_member.user,
        "ngo": ngo_member.user,
        "officer": factories.OfficerFactory(city=city, user__username="officer").user,
        "foreign_officer": factories.OfficerFactory(city=torino.city, user__username="torino").user,
        "staff": get_user_model().objects.create_user(
            "staff", "staff@example.org", factories.DEMO_PASSWORD, is_staff=True
        ),
    }
    world.other_company_user, world.other_ngo_user = other_company_member.user, other_ngo_member.user

    world.project = factories.ProjectFactory(neighbourhood=world.neighbourhood, title="Orti di via Padova")
    world.funding = factories.NeedFactory(project=world.project, target_quantity=Decimal("10000.00"))
    world.volunteering = factories.NeedFactory(
        project=world.project,
        kind="volunteering",
        title="Volontari per la piantumazione",
        target_quantity=Decimal("80.00"),
        unit="hours",
        unit_value_eur=Decimal("25.00"),
    )
    world.draft = factories.ProjectFactory(
        neighbourhood=world.neighbourhood, status="draft", published_at=None, title="Bozza"
    )
    world.torino_project = factories.ProjectFactory(neighbourhood=torino.neighbourhoods[0])
    world.pledge = factories.PledgeFactory(need=world.funding, company=world.company)
    world.other_pledge = factories.PledgeFactory(need=world.funding, company=world.other_company)
    assert world.pledge.status == Pledge.Status.OFFERED

    world.call = factories.CallFactory(city=city)
    world.application = factories.ApplicationFactory(call=world.call, organisation=world.organisation)
    world.other_application = factories.ApplicationFactory(
        call=world.call, organisation=world.other_organisation
    )
    return world


def joined(sections: Iterable[Any]) -> list[Row]:
    return [row for section in sections for row in section.ROWS]
