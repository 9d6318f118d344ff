"""The officer's projects: the list, one form for a project and its needs, the lifecycle, the impact report,
the history and the invitation of companies; their own city only."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext

from audit.models import Event
from notifications.models import Notification, NotificationKind
from projects.models import Need, Project, ProjectStatus
from tests import factories
from tests.projects.factories import png_upload
from tests.web.conftest import ranked_city

pytestmark = pytest.mark.django_db
S = ProjectStatus


@pytest.fixture
def milano():
    return ranked_city(count=2)


@pytest.fixture
def officer(milano):
    return factories.OfficerFactory(city=milano.city, user__first_name="Giulia").user


@pytest.fixture
def draft(milano):
    return factories.ProjectFactory(
        neighbourhood=milano.neighbourhoods[0], title="Orti condivisi", status=S.DRAFT, published_at=None
    )


@pytest.fixture
def published(milano):
    project = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], title="Cortili verdi")
    factories.NeedFactory(project=project, title="Alberi", target_quantity=Decimal("8000.00"))
    return project


def url(name: str, **kwargs) -> str:
    return reverse(f"web:{name}", kwargs={"city_slug": "milano", **kwargs})


def need_row(number: int, **fields) -> dict[str, str]:
    row = {"kind": "", "title": "", "description": "", "target_quantity": "", "unit": "",
           "unit_value_eur": "", "starts_on": "", "ends_on": ""} | fields  # fmt: skip
    return {f"needs-{number}-{name}": value for name, value in row.items()}


def project_form(milano, *rows: dict[str, str], initial: int = 0, **fields) -> dict:
    data = {
        "title": "Cortile della scuola",
        "summary": "Un cortile verde per la scuola.",
        "description": "Alberi, panchine e un orto didattico.",
        "neighbourhood": milano.neighbourhoods[1].pk,
        "themes": [factories.theme("greening").pk],
        "instrument": Project.Instrument.COLLECTIVE_ACTION,
        "needs-TOTAL_FORMS": str(len(rows)),
        "needs-INITIAL_FORMS": str(initial),
    } | fields
    for row in rows:
        data |= row
    return data


def two_needs() -> tuple[dict, dict]:
    funding = need_row(0, kind="funding", title="Alberi", target_quantity="12000", all_or_nothing="on")
    volunteering = need_row(
        1, kind="volunteering", title="Piantumazione", target_quantity="80", unit_value_eur="25",
        skills=[factories.skill("gardening").pk], starts_on="2027-04-01", ends_on="2027-04-30",
    )  # fmt: skip
    return funding, volunteering


def flash(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_company_member_or_another_citys_officer_gets_404(client, milano, draft) -> None:
    torino = ranked_city(count=1, slug="torino", code_prefix="T")
    outsiders = (
        factories.CompanyMemberFactory(city=milano.city).user,
        factories.OfficerFactory(city=torino.city).user,
    )
    pages = [url("manage_projects"), url("manage_project_new"), url("manage_project", slug=draft.slug),
             url("manage_project_edit", slug=draft.slug)]  # fmt: skip
    for outsider in outsiders:
        client.force_login(outsider)
        for page in pages:
            assert client.get(page).status_code == 404, page
        for action in ("manage_project_move", "manage_impact_report", "manage_project_invite"):
            assert client.post(url(action, slug=draft.slug), {"to_status": "published"}).status_code == 404
    assert Project.objects.get(pk=draft.pk).status == S.DRAFT


def test_another_citys_project_is_a_404_for_this_citys_officer(client, milano, officer) -> None:
    torino = ranked_city(count=1, slug="torino", code_prefix="T")
    theirs = factories.ProjectFactory(neighbourhood=torino.neighbourhoods[0], slug="orti-di-torino")
    client.force_login(officer)
    assert client.get(url("manage_project", slug=theirs.slug)).status_code == 404
    assert (
        client.post(url("manage_project_move", slug=theirs.slug), {"to_status": "closed"}).status_code == 404
    )


def test_anonymous_visitors_are_sent_to_sign_in(client, draft) -> None:
    response = client.get(url("manage_projects"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_list_groups_the_citys_projects_by_status_without_the_archived(
    client, milano, officer, draft, published
) -> None:
    factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], status=S.ARCHIVED, title="Vecchio")
    factories.ProjectFactory(title="Altrove")  # another city
    client.force_login(officer)

    response = client.get(url("manage_projects"))

    groups = {status: [p.title for p in projects] for status, projects in response.context["groups"]}
    assert groups == {S.DRAFT: ["Orti condivisi"], S.PUBLISHED: ["Cortili verdi"]}
    archived = client.get(url("manage_projects") + "?status=archived").context["groups"]
    assert [(status, [p.title for p in projects]) for status, projects in archived] == [
        (S.ARCHIVED, ["Vecchio"])
    ]


def test_an_officer_creates_a_project_with_two_needs_in_one_form(client, milano, officer) -> None:
    client.force_login(officer)

    response = client.post(url("manage_project_new"), project_form(milano, *two_needs()))

    project = Project.objects.get(title="Cortile della scuola")
    assert response.status_code == 302
    assert response["Location"] == url("manage_project", slug=project.slug)
    assert (project.status, project.owner, project.city) == (S.DRAFT, officer, milano.city)
    funding, volunteering = project.needs.order_by("id")
    assert (funding.kind, funding.unit, funding.target_quantity, funding.all_or_nothing) == (
        Need.Kind.FUNDING, Need.Unit.EUR, Decimal("12000.00"), True
    )  # fmt: skip
    assert (volunteering.unit, volunteering.unit_value_eur, str(volunteering.starts_on)) == (
        Need.Unit.HOURS, Decimal("25.00"), "2027-04-01"
    )  # fmt: skip
    assert [skill.code for skill in volunteering.skills.all()] == ["gardening"]


def test_blank_need_rows_are_skipped(client, milano, officer) -> None:
    client.force_login(officer)
    funding, _ = two_needs()

    client.post(url("manage_project_new"), project_form(milano, funding, need_row(1)))

    assert Project.objects.get(title="Cortile della scuola").needs.count() == 1


def test_a_need_the_service_refuses_is_a_form_error_and_nothing_is_saved(client, milano, officer) -> None:
    client.force_login(officer)
    # Only funding may be all or nothing: the service says so, and the whole project is not saved.
    refused = need_row(0, kind="volunteering", title="Pulizia", target_quantity="10", all_or_nothing="on")

    response = client.post(url("manage_project_new"), project_form(milano, refused))

    assert response.status_code == 400 and b"form-errors" in response.content
    assert not Project.objects.exists() and not Need.objects.exists()


def test_missing_fields_are_form_errors(client, milano, officer) -> None:
    client.force_login(officer)
    half_typed = need_row(0, kind="funding", title="", target_quantity="")

    response = client.post(url("manage_project_new"), project_form(milano, half_typed, title="", themes=[]))

    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"title", "themes"}
    assert set(response.context["needs"].forms[0].errors) == {"title", "target_quantity"}
    assert not Project.objects.exists()


def test_add_a_need_row_keeps_what_was_typed_without_showing_errors(client, milano, officer) -> None:
    client.force_login(officer)
    funding, _ = two_needs()
    data = project_form(milano, funding, title="") | {"add_need": "1"}

    page = client.post(url("manage_project_new"), data)
    fragment = client.post(url("manage_project_new"), data, HTTP_HX_REQUEST="true")

    assert page.status_code == 200 and not Project.objects.exists()
    assert b"field__error" not in page.content
    assert len(page.context["needs"].forms) == 2
    assert page.context["needs"].forms[0]["title"].value() == "Alberi"
    html = fragment.content.decode()
    assert html.startswith('<div id="need-rows"') and 'name="needs-TOTAL_FORMS" value="2"' in html


def test_editing_changes_one_need_adds_another_and_removes_a_third(client, milano, officer, draft) -> None:
    kept = factories.NeedFactory(project=draft, title="Alberi")
    dropped = factories.NeedFactory(project=draft, title="Panchine")
    client.force_login(officer)
    rows = (
        need_row(0, id=str(kept.pk), kind="funding", title="Alberi da frutto", target_quantity="9000"),
        need_row(1, id=str(dropped.pk), kind="funding", title="Panchine", target_quantity="1", DELETE="on"),
        need_row(
            2, kind="in_kind", title="Terriccio", target_quantity="500", unit="kg", unit_value_eur="0.8"
        ),
    )
    data = project_form(milano, *rows, initial=2, title="Orti condivisi e frutteto")

    response = client.post(url("manage_project_edit", slug=draft.slug), data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Orti condivisi e frutteto"
    assert [(n.pk == kept.pk, n.title, n.target_quantity) for n in draft.needs.order_by("id")] == [
        (True, "Alberi da frutto", Decimal("9000.00")), (False, "Terriccio", Decimal("500.00"))
    ]  # fmt: skip
    assert Event.objects.filter(project_id=draft.pk, action="deleted").count() == 1


def test_the_edit_form_shows_the_projects_needs(client, officer, draft) -> None:
    factories.NeedFactory(project=draft, title="Alberi")
    client.force_login(officer)

    needs = client.get(url("manage_project_edit", slug=draft.slug)).context["needs"]

    assert [form["title"].value() for form in needs.forms] == ["Alberi"]


def test_publishing_without_a_need_is_refused_with_the_reason(client, officer, draft) -> None:
    client.force_login(officer)

    response = client.post(url("manage_project_move", slug=draft.slug), {"to_status": "published"})

    assert response["Location"] == url("manage_project", slug=draft.slug)
    assert Project.objects.get(pk=draft.pk).status == S.DRAFT
    assert flash(response) == [
        gettext("Add at least one need (funding, volunteering or goods) before publishing or proposing.")
    ]


def test_publishing_a_draft_with_a_need_puts_it_in_the_catalogue(client, officer, draft) -> None:
    factories.NeedFactory(project=draft)
    client.force_login(officer)

    client.post(url("manage_project_move", slug=draft.slug), {"to_status": "published"})

    draft.refresh_from_db()
    assert draft.status == S.PUBLISHED and draft.published_at is not None
    assert draft in client.get(url("catalogue")).context["page"].object_list


def test_the_page_offers_only_the_moves_the_officer_may_make_now(client, officer, draft, published) -> None:
    client.force_login(officer)

    draft_moves = client.get(url("manage_project", slug=draft.slug)).context["moves"]
    published_moves = client.get(url("manage_project", slug=published.slug)).context["moves"]

    assert [status for status, _label, _note in draft_moves] == [S.PUBLISHED, S.ARCHIVED]
    assert [status for status, _label, _note in published_moves] == [S.CLOSED]


def test_a_move_the_officer_may_not_make_is_refused(client, officer, published) -> None:
    client.force_login(officer)

    response = client.post(url("manage_project_move", slug=published.slug), {"to_status": "funded"})
    nonsense = client.post(url("manage_project_move", slug=published.slug), {"to_status": "flying"})

    assert Project.objects.get(pk=published.pk).status == S.PUBLISHED
    assert len(flash(response)) == 1 and nonsense.status_code == 302


def test_a_completed_projects_impact_report_makes_it_reported(client, milano, officer) -> None:
    project = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], status=S.COMPLETED)
    client.force_login(officer)
    assert client.get(url("manage_project", slug=project.slug)).context["impact_form"] is not None
    report = {
        "people_reached": "140",
        "volunteer_hours": "320.5",
        "money_spent_eur": "18000",
        "summary": "Due cortili riqualificati.",
        "photos": [png_upload("a.png"), png_upload("b.png")],
    }

    response = client.post(url("manage_impact_report", slug=project.slug), report)

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == S.REPORTED
    assert project.impact_report.people_reached == 140 and project.impact_report.photos.count() == 2
    page = client.get(url("manage_project", slug=project.slug))
    assert page.context["report"] == project.impact_report and page.context["impact_form"] is None


def test_an_impact_report_without_photos_or_for_a_project_not_completed_is_refused(
    client, milano, officer, published
) -> None:
    completed = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], status=S.COMPLETED)
    client.force_login(officer)
    report = {"people_reached": "10", "volunteer_hours": "1", "money_spent_eur": "1", "summary": "Fatto."}

    no_photo = client.post(url("manage_impact_report", slug=completed.slug), report)
    too_early = client.post(
        url("manage_impact_report", slug=published.slug), report | {"photos": [png_upload()]}
    )

    assert no_photo.status_code == 400 and "photos" in no_photo.context["impact_form"].errors
    assert too_early.status_code == 400 and too_early.context["impact_form"].non_field_errors()
    assert not Project.objects.filter(status=S.REPORTED).exists()


def test_the_history_shows_who_moved_the_project_and_how(client, officer, draft) -> None:
    factories.NeedFactory(project=draft)
    client.force_login(officer)
    client.post(url("manage_project_move", slug=draft.slug), {"to_status": "published"})

    history = client.get(url("manage_project", slug=draft.slug)).context["history"]

    event, from_label, to_label = history[0]
    assert (event.actor, event.from_status, event.to_status) == (officer, "draft", "published")
    assert (from_label, to_label) == (str(S.DRAFT.label), str(S.PUBLISHED.label))


def test_inviting_companies_tells_each_active_member_once_in_their_language(
    client, milano, officer, published, django_capture_on_commit_callbacks
) -> None:
    italian = factories.CompanyMemberFactory(city=milano.city, company__legal_name="Verdi S.p.A.")
    english = factories.CompanyMemberFactory(city=milano.city, user__language="en")
    factories.CompanyMemberFactory(city=milano.city, company=italian.company, status="pending")
    companies = [italian.company.pk, english.company.pk]
    client.force_login(officer)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url("manage_project_invite", slug=published.slug), {"companies": companies})
    again = client.post(url("manage_project_invite", slug=published.slug), {"companies": companies})

    assert first["Location"] == url("officer_candidates", slug=published.slug)
    invitations = Notification.objects.filter(kind=NotificationKind.INVITATION).order_by("language")
    assert [(n.recipient, n.language) for n in invitations] == [(english.user, "en"), (italian.user, "it")]
    assert invitations[0].subject.startswith("The City of Milano invites")
    assert "Verdi S.p.A." in invitations[1].subject and "Cortili verdi" in invitations[1].body
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [english.user.email, italian.user.email]
    )
    assert Notification.objects.count() == 2 and again.status_code == 302
    [event] = Event.objects.filter(project_id=published.pk, action="changed")
    assert sorted(event.changes["invited"][1]) == sorted(
        [italian.company.legal_name, english.company.legal_name]
    )


def test_another_citys_company_cannot_be_invited(client, milano, officer, published) -> None:
    stranger = factories.CompanyMemberFactory()  # a company of another city
    client.force_login(officer)

    response = client.post(
        url("manage_project_invite", slug=published.slug), {"companies": [stranger.company.pk]}
    )

    assert response.status_code == 302 and not Notification.objects.exists()


def test_companies_are_invited_only_to_a_published_project(client, milano, officer, draft) -> None:
    member = factories.CompanyMemberFactory(city=milano.city)
    client.force_login(officer)

    response = client.post(url("manage_project_invite", slug=draft.slug), {"companies": [member.company.pk]})

    assert not Notification.objects.exists() and len(flash(response)) == 1


def test_the_pages_query_counts_do_not_grow_with_projects_needs_and_history(
    client, milano, officer, draft, django_assert_max_num_queries
) -> None:
    client.force_login(officer)

    def grow(count: int) -> None:
        for _ in range(count):
            factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0])
            need = factories.NeedFactory(project=draft)
            need.skills.set([factories.skill("gardening")])
            Event.objects.create(
                content_type_id=_project_type(), object_id=draft.pk,
                project_id=draft.pk, object_repr=draft.title, action="changed", actor=officer,
            )  # fmt: skip

    pages = [
        url("manage_projects"),
        url("manage_project", slug=draft.slug),
        url("manage_project_edit", slug=draft.slug),
    ]
    grow(1)
    counts = {}
    for page in pages:
        with django_assert_max_num_queries(100) as few:
            client.get(page)
        counts[page] = len(few.captured_queries)
    grow(5)
    for page in pages:
        with django_assert_max_num_queries(counts[page]):
            assert client.get(page).status_code == 200


def _project_type() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Project).pk


def test_a_published_projects_page_offers_its_best_fitting_companies_to_invite(
    client, milano, officer, published
) -> None:
    match = factories.MatchFactory(project=published, rank_for_project=1, score=0.8)
    client.force_login(officer)

    page = client.get(url("manage_project", slug=published.slug))
    response = client.post(
        url("manage_project_invite", slug=published.slug),
        {"companies": [match.company.pk], "back": "project"},
    )

    assert [m for m, _reasons in page.context["candidates"]] == [match]
    assert f'value="{match.company.pk}"' in page.content.decode()
    assert response["Location"] == url("manage_project", slug=published.slug)


def test_the_invitation_snippets_for_the_candidates_page_post_the_companies_to_invite(
    rf, milano, published
) -> None:
    first, second = factories.CompanyFactory(city=milano.city), factories.CompanyFactory(city=milano.city)
    coalition = SimpleNamespace(members=[SimpleNamespace(company=first), SimpleNamespace(company=second)])
    candidates = [(SimpleNamespace(company=first), ["reason"])]
    context = {"city": milano.city, "project": published, "request": rf.get("/")}

    coalition_form = render_to_string("web/manage/_invite_coalition.html", context | {"coalition": coalition})
    candidates_form = render_to_string(
        "web/manage/_invite_candidates.html", context | {"candidates": candidates}
    )

    action = f'action="{url("manage_project_invite", slug=published.slug)}"'
    assert action in coalition_form and action in candidates_form
    assert coalition_form.count('name="companies"') == 2 and f'value="{second.pk}"' in coalition_form
    assert 'type="checkbox" name="companies"' in candidates_form
