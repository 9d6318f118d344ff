"""The public campaign page: its goal, its progress and its public projects, linked from the home page and
from its projects' pages."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ledger.models import Pledge
from projects.models import Campaign, Project
from tests import factories
from tests.web.conftest import RankedCity, ranked_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def milano() -> RankedCity:
    return ranked_city(count=2)


@pytest.fixture
def campaign(milano: RankedCity) -> Campaign:
    campaign = factories.CampaignFactory(
        city=milano.city,
        title="Milano più verde",
        slug="milano-piu-verde",
        description="Alberi e orti nei cortili dei quartieri più fragili.",
        starts_on=date(2027, 3, 1),
        ends_on=date(2027, 11, 30),
        target_eur=Decimal("50000.00"),
    )
    campaign.themes.set([factories.theme("greening")])
    return campaign


def campaign_url(slug: str, city_slug: str = "milano") -> str:
    return reverse("web:campaign", kwargs={"city_slug": city_slug, "slug": slug})


def funded_project(campaign: Campaign, neighbourhood, *, pledged: str = "2500.00", **fields) -> Project:
    project = factories.ProjectFactory(neighbourhood=neighbourhood, campaign=campaign, **fields)
    need = factories.NeedFactory(project=project, target_quantity=Decimal("10000.00"))
    factories.PledgeFactory(need=need, quantity=Decimal(pledged), status=Pledge.Status.ACCEPTED)
    return project


def test_campaign_page_shows_its_goal_progress_and_public_projects_but_not_drafts(
    client, milano: RankedCity, campaign: Campaign
) -> None:
    orti = funded_project(campaign, milano.neighbourhoods[0], title="Orti condivisi", pledged="7500.00")
    funded_project(campaign, milano.neighbourhoods[1], title="Alberi in via Padova")
    funded_project(
        campaign,
        milano.neighbourhoods[1],
        title="Bozza interna",
        status=Project.Status.DRAFT,
        published_at=None,
    )
    factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], title="Fuori campagna")

    response = client.get(campaign_url(campaign.slug))

    assert response.status_code == 200
    assert [project.title for project in response.context["overview"].projects] == [
        "Alberi in via Padova",
        "Orti condivisi",
    ]
    page = response.content.decode()
    assert '<h1 class="page-head__title">Milano più verde</h1>' in page
    assert "Alberi e orti nei cortili" in page
    assert "01/03/2027 \N{EN DASH} 30/11/2027" in page
    # 10,000 EUR of the 50,000 shared target: a fifth of the bar, labelled by the figures beside it.
    assert 'value="20.0" aria-labelledby="campaign-progress-label"' in page
    assert 'id="campaign-progress-label"' in page and "10.000" in page and "40.000" in page
    assert f'href="{reverse("web:project", kwargs={"city_slug": "milano", "slug": orti.slug})}"' in page
    assert "Bozza interna" not in page and "Fuori campagna" not in page


def test_another_citys_campaign_is_404_under_this_city(client, campaign: Campaign) -> None:
    torino = ranked_city(count=1, slug="torino", code_prefix="T")
    elsewhere = factories.CampaignFactory(city=torino.city, slug="torino-solidale")

    assert client.get(campaign_url(elsewhere.slug)).status_code == 404
    assert client.get(campaign_url(elsewhere.slug, city_slug="torino")).status_code == 200


def test_unknown_campaign_slug_is_404(client, campaign: Campaign) -> None:
    assert client.get(campaign_url("nessuna-campagna")).status_code == 404


def test_campaign_page_query_count_does_not_grow_with_projects(
    client, milano: RankedCity, campaign: Campaign, django_assert_max_num_queries, django_assert_num_queries
) -> None:
    def add_projects(count: int) -> None:
        for number in range(count):
            funded_project(campaign, milano.neighbourhoods[number % 2])

    add_projects(2)
    with django_assert_max_num_queries(100) as few:
        first = client.get(campaign_url(campaign.slug))
    add_projects(10)
    with django_assert_num_queries(len(few.captured_queries)):
        second = client.get(campaign_url(campaign.slug))

    assert (len(first.context["overview"].projects), len(second.context["overview"].projects)) == (2, 12)


def test_campaign_without_funding_needs_says_so_instead_of_an_empty_bar(client, milano: RankedCity) -> None:
    campaign = factories.CampaignFactory(city=milano.city, target_eur=None)

    response = client.get(campaign_url(campaign.slug))

    assert response.context["overview"].share is None
    assert b"<progress" not in response.content


def test_campaign_page_is_in_english_under_en(client, milano: RankedCity, campaign: Campaign) -> None:
    funded_project(campaign, milano.neighbourhoods[0], title="Orti condivisi")

    html = client.get(f"/en{campaign_url(campaign.slug)}").content.decode()

    assert '<html lang="en">' in html
    assert "Campaign of the City of Milano" in html
    assert "About the campaign" in html and "Projects in this campaign" in html
    assert "EUR 2,500 raised of 50,000" in html and "Still to raise" in html
    assert "03/01/2027 \N{EN DASH} 11/30/2027" in html
    assert "Funding: EUR 2,500 of 10,000" in html


def test_home_campaign_cards_link_to_the_campaign_page(client, milano: RankedCity) -> None:
    today = timezone.localdate()
    campaign = factories.CampaignFactory(
        city=milano.city,
        slug="in-corso",
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=3),
    )

    response = client.get(reverse("web:home", kwargs={"city_slug": "milano"}))

    assert f'<a href="{campaign_url(campaign.slug)}">{campaign.title}</a>' in response.content.decode()


def test_project_page_links_to_its_campaign(client, milano: RankedCity, campaign: Campaign) -> None:
    in_campaign = funded_project(campaign, milano.neighbourhoods[0])
    on_its_own = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0])

    def project_page(project: Project) -> str:
        url = reverse("web:project", kwargs={"city_slug": "milano", "slug": project.slug})
        return client.get(url).content.decode()

    assert f'href="{campaign_url(campaign.slug)}"' in project_page(in_campaign)
    assert "page-head__campaign" not in project_page(on_its_own)
