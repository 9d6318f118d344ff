"""The audit trail officers query: their city only, narrowed by kind, project, actor, action and dates, as
a page, a CSV of the same filters, and the API's /audit-events/."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from audit.models import Event
from audit.selectors import AuditKind, audit_events
from audit.services import event_record, transition_record
from tests.factories import (
    CompanyMemberFactory,
    NeedFactory,
    OfficerFactory,
    PledgeFactory,
    ProjectFactory,
    UserFactory,
)
from tests.projects.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


class Trail:
    """Events of one city: a project created, its need changed, a pledge offered on it by a company
    member, an initiative proposed; and an event of another city."""

    def __init__(self) -> None:
        self.project = ProjectFactory(title="Orti di via Padova")
        self.city = self.project.city
        self.officer = OfficerFactory(city=self.city, user__first_name="Anna", user__last_name="Rossi").user
        self.member = CompanyMemberFactory(city=self.city).user
        self.need = NeedFactory(project=self.project)
        self.pledge = PledgeFactory(need=self.need)
        self.initiative = InitiativeFactory(neighbourhood=self.project.neighbourhood, title="Tetti verdi")
        where = {"city": self.city}
        self.created = event_record(subject=self.project, action="created", actor=self.officer, **where)
        self.changed = event_record(
            subject=self.need,
            action="changed",
            actor=self.officer,
            project_id=self.project.pk,
            changes={"title": ["Alberi", "=HYPERLINK(1)"]},
            **where,
        )
        self.offered = transition_record(
            subject=self.pledge,
            from_status="",
            to_status="offered",
            actor=self.member,
            project_id=self.project.pk,
            **where,
        )
        self.proposed = transition_record(
            subject=self.initiative,
            from_status="draft",
            to_status="proposed",
            actor=self.member,
            project_id=self.initiative.pk,
            **where,
        )
        other = ProjectFactory()
        self.elsewhere = event_record(subject=other, action="created", city=other.city)


def test_the_trail_holds_only_the_citys_events_newest_first() -> None:
    trail = Trail()

    assert list(audit_events(city=trail.city)) == [
        trail.proposed,
        trail.offered,
        trail.changed,
        trail.created,
    ]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (AuditKind.PROJECT, ["proposed", "created"]),
        (AuditKind.INITIATIVE, ["proposed"]),
        (AuditKind.NEED, ["changed"]),
        (AuditKind.PLEDGE, ["offered"]),
        (AuditKind.FUND, []),
    ],
)
def test_the_kind_of_object_narrows_the_trail(kind: str, expected: list[str]) -> None:
    trail = Trail()

    events = audit_events(city=trail.city, kind=kind)

    assert [event.pk for event in events] == [getattr(trail, name).pk for name in expected]


def test_a_project_narrows_to_its_own_events_and_those_filed_under_it() -> None:
    trail = Trail()

    events = audit_events(city=trail.city, project_id=trail.project.pk)

    assert list(events) == [trail.offered, trail.changed, trail.created]


def test_actor_and_action_narrow_the_trail() -> None:
    trail = Trail()

    assert list(audit_events(city=trail.city, actor_id=trail.member.pk)) == [trail.proposed, trail.offered]
    assert list(audit_events(city=trail.city, action="changed")) == [trail.changed]


def test_the_date_range_includes_both_days_in_local_time() -> None:
    trail = Trail()
    # 23:30 in Milan on 1 March is 22:30 UTC: it belongs to 1 March, not to the 2nd.
    late_evening = timezone.make_aware(datetime(2026, 3, 1, 23, 30))
    Event.objects.filter(pk=trail.created.pk).update(occurred_at=late_evening)
    Event.objects.filter(pk=trail.changed.pk).update(occurred_at=late_evening + timedelta(hours=1))
    first, second = late_evening.date(), late_evening.date() + timedelta(days=1)

    assert list(audit_events(city=trail.city, since=first, until=first)) == [trail.created]
    assert list(audit_events(city=trail.city, since=second, until=second)) == [trail.changed]


# --- the page and its CSV ---------------------------------------------------------------------------


def page_url(trail: Trail, name: str = "web:officer_audit") -> str:
    return reverse(name, kwargs={"city_slug": trail.city.slug})


def test_an_officer_reads_the_trail_with_who_did_what(client) -> None:
    trail = Trail()
    client.force_login(trail.officer)

    response = client.get(page_url(trail))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Anna Rossi" in html and "Orti di via Padova" in html
    assert trail.elsewhere.object_repr not in html
    assert (
        reverse("web:manage_project", kwargs={"city_slug": trail.city.slug, "slug": trail.project.slug})
        in html
    )


def test_the_officer_dashboard_links_to_the_trail(client) -> None:
    trail = Trail()
    client.force_login(trail.officer)

    response = client.get(reverse("web:officer", kwargs={"city_slug": trail.city.slug}))

    assert page_url(trail) in response.content.decode()


def test_the_page_filters_and_keeps_the_filters_across_pages(client, monkeypatch) -> None:
    trail = Trail()
    monkeypatch.setattr("web.views_audit.PAGE_SIZE", 1)
    client.force_login(trail.officer)

    response = client.get(page_url(trail), {"actor": trail.member.pk, "page": 1})

    page = response.context["page"]
    assert (page.paginator.count, list(page)) == (2, [trail.proposed])
    assert f"actor={trail.member.pk}&amp;page=2" in response.content.decode()


def test_reversed_dates_are_shown_as_an_error_and_refused_for_the_csv(client) -> None:
    trail = Trail()
    client.force_login(trail.officer)
    reversed_dates = {"since": "2026-03-02", "until": "2026-03-01"}

    page = client.get(page_url(trail), reversed_dates)
    export = client.get(page_url(trail, "web:officer_audit_csv"), reversed_dates)

    assert page.status_code == 200 and page.context["form"].errors
    assert export.status_code == 400


def test_the_csv_holds_the_filtered_events_with_formulas_defused(client) -> None:
    trail = Trail()
    client.force_login(trail.officer)

    response = client.get(page_url(trail, "web:officer_audit_csv"), {"kind": "need"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row["kind"], row["action"], row["actor"]) for row in rows] == [
        ("projects.need", "changed", "Anna Rossi")
    ]
    assert rows[0]["changes"] == '{"title": ["Alberi", "=HYPERLINK(1)"]}'  # a cell starting with "{" is plain


def test_a_cell_that_would_run_as_a_formula_is_prefixed() -> None:
    from web.csv_export import csv_rows

    assert list(csv_rows([["=SUM(A1)", "-2", 3, "ok"]])) == ["'=SUM(A1),'-2,3,ok\r\n"]


@pytest.mark.parametrize("who", ["foreign_officer", "company_member", "no_role"])
def test_anyone_but_the_citys_officers_gets_a_404(client, who: str) -> None:
    trail = Trail()
    user = {
        "foreign_officer": lambda: OfficerFactory().user,
        "company_member": lambda: trail.member,
        "no_role": lambda: UserFactory(),
    }[who]()
    client.force_login(user)

    assert client.get(page_url(trail)).status_code == 404
    assert client.get(page_url(trail, "web:officer_audit_csv")).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client) -> None:
    trail = Trail()

    response = client.get(page_url(trail))

    assert response.status_code == 302 and "login" in response["Location"]


# --- the API ----------------------------------------------------------------------------------------


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_lists_the_officers_city_with_the_same_filters() -> None:
    trail = Trail()
    url = reverse("api:audit-event-list")

    everything = api(trail.officer).get(url).json()
    pledges = api(trail.officer).get(url, {"kind": "pledge", "actor": trail.member.pk}).json()

    assert [row["id"] for row in everything["results"]] == [
        trail.proposed.pk, trail.offered.pk, trail.changed.pk, trail.created.pk,
    ]  # fmt: skip
    assert pledges["count"] == 1
    row = pledges["results"][0]
    assert (row["kind"], row["to_status"], row["project_id"]) == (
        "ledger.pledge",
        "offered",
        trail.project.pk,
    )


def test_the_api_orders_by_time_either_way_and_filters_by_project() -> None:
    trail = Trail()
    url = reverse("api:audit-event-list")

    oldest_first = (
        api(trail.officer).get(url, {"ordering": "occurred_at,id", "project": trail.project.pk}).json()
    )

    assert [row["id"] for row in oldest_first["results"]] == [
        trail.created.pk,
        trail.changed.pk,
        trail.offered.pk,
    ]


def test_the_api_refuses_reversed_dates_and_unknown_kinds_with_a_400() -> None:
    trail = Trail()
    url = reverse("api:audit-event-list")

    assert api(trail.officer).get(url, {"since": "2026-03-02", "until": "2026-03-01"}).status_code == 400
    assert api(trail.officer).get(url, {"kind": "user"}).status_code == 400


def test_another_citys_officer_sees_none_of_it() -> None:
    trail = Trail()
    foreign = OfficerFactory().user

    listed = api(foreign).get(reverse("api:audit-event-list")).json()
    detail = api(foreign).get(reverse("api:audit-event-detail", kwargs={"pk": trail.offered.pk}))

    assert trail.offered.pk not in [row["id"] for row in listed["results"]]
    assert detail.status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"project": "1e30"},
        {"project": "nan"},
        {"actor": "99999999999999999999999"},
        {"since": "0000-01-01"},
        {"since": "0001-01-01"},
        {"until": "9999-12-31"},
        {"kind": "user"},
    ],
)
def test_odd_filters_get_an_answer_or_a_400_never_a_server_error(client, params: dict[str, str]) -> None:
    trail = Trail()
    client.force_login(trail.officer)

    answers = [
        api(trail.officer).get(reverse("api:audit-event-list"), params).status_code,
        client.get(page_url(trail), params).status_code,
        client.get(page_url(trail, "web:officer_audit_csv"), params).status_code,
    ]

    assert set(answers) <= {200, 400}, answers
