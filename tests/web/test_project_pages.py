"""The public project catalogue and project page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ledger.models import Pledge
from projects.models import Need, Project
from tests import factories
from tests.web.conftest import ranked_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def milano():
    return ranked_city(count=2)


def catalogue(client, **query: str):
    return client.get(reverse("web:catalogue", kwargs={"city_slug": "milano"}), query)


def titles(response) -> list[str]:
    return [project.title for project in response.context["page"]]


def test_catalogue_lists_public_projects_of_the_city_only(client, milano) -> None:
    factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], title="Orti condivisi")
    factories.ProjectFactory(
        neighbourhood=milano.neighbourhoods[0], title="Bozza", status=Project.Status.DRAFT, published_at=None
    )
    factories.ProjectFactory(title="Altrove")

    assert titles(catalogue(client)) == ["Orti condivisi"]


def test_catalogue_filters_by_neighbourhood_district_theme_instrument_need_and_status(client, milano) -> None:
    first, second = milano.neighbourhoods
    greening = factories.ProjectFactory(
        neighbourhood=first, title="Verde", themes=[factories.theme("greening")]
    )
    education = factories.ProjectFactory(
        neighbourhood=second,
        title="Scuola",
        themes=[factories.theme("education")],
        instrument=Project.Instrument.VOLUNTEERING,
        status=Project.Status.FUNDED,
    )
    factories.NeedFactory(project=greening)
    factories.NeedFactory(
        project=education,
        kind=Need.Kind.VOLUNTEERING,
        unit=Need.Unit.HOURS,
        unit_value_eur=Decimal("25.00"),
        target_quantity=Decimal("100"),
    )

    assert titles(catalogue(client, neighbourhood=first.code)) == ["Verde"]
    assert titles(catalogue(client, district=second.district.code)) == ["Scuola"]
    assert titles(catalogue(client, theme="education")) == ["Scuola"]
    assert titles(catalogue(client, instrument="volunteering")) == ["Scuola"]
    assert titles(catalogue(client, need="funding")) == ["Verde"]
    assert titles(catalogue(client, status="funded")) == ["Scuola"]


def test_catalogue_searches_title_summary_and_description(client, milano) -> None:
    factories.ProjectFactory(
        neighbourhood=milano.neighbourhoods[0],
        title="Biblioteca di quartiere",
        description="Libri e doposcuola per i ragazzi.",
    )
    factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], title="Orti")

    assert titles(catalogue(client, q="doposcuola")) == ["Biblioteca di quartiere"]


def test_an_unknown_filter_value_is_a_form_error_not_a_500(client, milano) -> None:
    factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0])

    response = catalogue(client, neighbourhood="no-such-nil", status="draft")

    assert response.status_code == 200
    assert set(response.context["filters"].errors) == {"neighbourhood", "status"}
    assert b"field__error" in response.content


def test_catalogue_pages_by_twelve_and_keeps_the_filters_in_the_links(client, milano) -> None:
    for number in range(14):
        factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], title=f"Progetto {number:02d}")

    first = catalogue(client, theme="greening")
    second = catalogue(client, theme="greening", page="2")

    assert len(titles(first)) == 12 and len(titles(second)) == 2
    assert b"theme=greening&amp;page=2" in first.content


def test_htmx_gets_the_results_alone(client, milano) -> None:
    factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], title="Orti")

    response = client.get(reverse("web:catalogue", kwargs={"city_slug": "milano"}), HTTP_HX_REQUEST="true")

    assert b"<html" not in response.content and b"Orti" in response.content


def test_catalogue_query_count_does_not_grow_with_projects(
    client, milano, django_assert_max_num_queries
) -> None:
    def add_projects(count: int) -> None:
        for _ in range(count):
            project = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0])
            factories.PledgeFactory(need=factories.NeedFactory(project=project))

    add_projects(2)
    with django_assert_max_num_queries(100) as few:
        catalogue(client)
    add_projects(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        catalogue(client)


def test_project_page_shows_needs_progress_named_supporters_and_partners(client, milano) -> None:
    project = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], title="Orti condivisi")
    need = factories.NeedFactory(project=project, title="Alberi", target_quantity=Decimal("10000.00"))
    named = factories.CompanyFactory(city=milano.city, legal_name="Verdi S.p.A.", public_consent=True)
    shy = factories.CompanyFactory(city=milano.city, legal_name="Riservata S.r.l.", public_consent=False)
    factories.PledgeFactory(
        need=need, company=named, quantity=Decimal("2500.00"), status=Pledge.Status.ACCEPTED
    )
    factories.PledgeFactory(
        need=need, company=shy, quantity=Decimal("1500.00"), status=Pledge.Status.ACCEPTED
    )
    factories.PledgeFactory(need=need, quantity=Decimal("1000.00"), status=Pledge.Status.DECLINED)
    factories.ProjectPartnerFactory(
        project=project, organisation=factories.OrganisationFactory(name="Cortili Aperti")
    )

    response = client.get(reverse("web:project", kwargs={"city_slug": "milano", "slug": project.slug}))

    progress = response.context["needs"][0]
    assert (progress.committed, progress.gap, progress.share) == (Decimal("4000.00"), Decimal("6000.00"), 40)
    page = response.content.decode()
    assert "Verdi S.p.A." in page and "Riservata" not in page and "Cortili Aperti" in page


def test_draft_or_another_citys_project_page_is_404(client, milano) -> None:
    draft = factories.ProjectFactory(
        neighbourhood=milano.neighbourhoods[0], status=Project.Status.DRAFT, published_at=None
    )
    elsewhere = factories.ProjectFactory()

    for slug in (draft.slug, elsewhere.slug):
        assert (
            client.get(reverse("web:project", kwargs={"city_slug": "milano", "slug": slug})).status_code
            == 404
        )


def test_project_page_query_count_does_not_grow_with_needs_and_pledges(
    client, milano, django_assert_max_num_queries
) -> None:
    project = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0])
    url = reverse("web:project", kwargs={"city_slug": "milano", "slug": project.slug})

    def add_needs(count: int) -> None:
        for _ in range(count):
            need = factories.NeedFactory(project=project)
            factories.PledgeFactory(need=need, status=Pledge.Status.ACCEPTED)

    add_needs(1)
    with django_assert_max_num_queries(100) as few:
        client.get(url)
    add_needs(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
