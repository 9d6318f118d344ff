"""Anonymous visitors get public pages from the cache until anything changes in their city."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.services import transition_record
from ledger.models import Pledge
from tests import factories
from tests.web.conftest import ranked_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    # Keys of their own: the cache (Redis in CI) outlives each test's database.
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": uuid.uuid4().hex}}


@pytest.fixture
def project():
    milano = ranked_city(count=1)
    project = factories.ProjectFactory(neighbourhood=milano.neighbourhoods[0], title="Orti condivisi")
    factories.NeedFactory(project=project, target_quantity=Decimal("10000.00"))
    return project


def page(project) -> str:
    return reverse("web:project", kwargs={"city_slug": "milano", "slug": project.slug})


def test_a_second_anonymous_visit_runs_no_query(client, cached, project, django_assert_num_queries) -> None:
    first = client.get(page(project))
    with django_assert_num_queries(0):
        second = client.get(page(project))

    assert second.status_code == 200 and second.content == first.content


def test_a_change_recorded_in_the_city_shows_at_the_next_visit(
    client, cached, project, django_capture_on_commit_callbacks
) -> None:
    client.get(page(project))
    need = project.needs.get()
    with django_capture_on_commit_callbacks(execute=True):
        pledge = factories.PledgeFactory(
            need=need, quantity=Decimal("2500.00"), status=Pledge.Status.ACCEPTED
        )
        transition_record(subject=pledge, from_status="offered", to_status="accepted", city=project.city,
                          project_id=project.pk)  # fmt: skip

    response = client.get(page(project))

    assert response.context is not None  # rendered again, not replayed
    assert response.context["needs"][0].committed == Decimal("2500.00")


def test_signed_in_users_always_get_a_fresh_page(
    client, cached, project, django_assert_max_num_queries
) -> None:
    client.get(page(project))
    client.force_login(factories.UserFactory())

    response = client.get(page(project))

    assert response.context is not None


def test_a_csv_download_keeps_its_file_name_from_the_cache(client, cached, project) -> None:
    url = reverse("web:impact_csv", kwargs={"city_slug": "milano", "dimension": "theme"})
    client.get(url)
    replayed = client.get(url)

    assert replayed["Content-Disposition"] == 'attachment; filename="milano-impact-by-theme.csv"'
    assert replayed["Content-Type"].startswith("text/csv")
