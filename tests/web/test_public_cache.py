"""Anonymous visitors get public pages from the cache until something they show changes."""

import uuid
from decimal import Decimal

import pytest
from django.core.cache import cache, caches
from django.urls import reverse

from audit.models import EventAction
from audit.services import event_record, transition_record
from ledger.models import Pledge
from milanpartner.cache import public_pages_expire
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


def neighbourhood_page(neighbourhood) -> str:
    return reverse("web:neighbourhood", kwargs={"city_slug": "milano", "code": neighbourhood.code})


CATALOGUE = "/milano/projects/"


@pytest.fixture
def two_projects():
    """Two projects of one city, each in a neighbourhood of its own."""
    milano = ranked_city(count=2)
    return [
        factories.ProjectFactory(neighbourhood=neighbourhood, title=f"Progetto a {neighbourhood.name}")
        for neighbourhood in milano.neighbourhoods
    ]


def pledge_accepted(project, capture) -> None:
    """A pledge accepted on the project, recorded as the services record it, committed."""
    need = factories.NeedFactory(project=project, target_quantity=Decimal("10000.00"))
    with capture(execute=True):
        pledge = factories.PledgeFactory(
            need=need, quantity=Decimal("2500.00"), status=Pledge.Status.ACCEPTED
        )
        transition_record(subject=pledge, from_status="offered", to_status="accepted", city=project.city,
                          project_id=project.pk)  # fmt: skip


def rendered(response) -> bool:
    return response.context is not None


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


def test_a_change_to_one_project_leaves_the_other_projects_and_neighbourhoods_pages_cached(
    client, cached, two_projects, django_capture_on_commit_callbacks
) -> None:
    changed, other = two_projects
    urls = [page(changed), page(other), neighbourhood_page(changed.neighbourhood),
            neighbourhood_page(other.neighbourhood), CATALOGUE]  # fmt: skip
    for url in urls:
        client.get(url)

    pledge_accepted(changed, django_capture_on_commit_callbacks)

    assert rendered(client.get(page(changed)))
    assert rendered(client.get(neighbourhood_page(changed.neighbourhood)))
    assert rendered(client.get(CATALOGUE))  # its progress bars show every project
    assert not rendered(client.get(page(other)))
    assert not rendered(client.get(neighbourhood_page(other.neighbourhood)))


def test_a_change_tied_to_no_project_refreshes_every_page_of_the_city(
    client, cached, two_projects, django_capture_on_commit_callbacks
) -> None:
    changed, _ = two_projects
    urls = [page(changed), neighbourhood_page(changed.neighbourhood), CATALOGUE]
    for url in urls:
        client.get(url)
    company = factories.CompanyFactory(city=changed.city)

    with django_capture_on_commit_callbacks(
        execute=True
    ):  # say, a company renamed: it may be named as a supporter
        event_record(subject=company, action=EventAction.CHANGED, city=changed.city)

    assert all(rendered(client.get(url)) for url in urls)


def test_a_project_moved_to_another_neighbourhood_refreshes_both_neighbourhoods_pages(
    client, cached, two_projects, django_capture_on_commit_callbacks
) -> None:
    moved, other = two_projects
    old_neighbourhood = moved.neighbourhood
    client.get(neighbourhood_page(old_neighbourhood))
    client.get(neighbourhood_page(other.neighbourhood))

    with django_capture_on_commit_callbacks(execute=True):
        moved.neighbourhood = other.neighbourhood
        moved.save()
        event_record(subject=moved, action=EventAction.CHANGED, city=moved.city, project_id=moved.pk,
                     changes={"neighbourhood": [old_neighbourhood.pk, other.neighbourhood.pk]})  # fmt: skip

    assert moved.title not in client.get(neighbourhood_page(old_neighbourhood)).content.decode()
    assert moved.title in client.get(neighbourhood_page(other.neighbourhood)).content.decode()


def test_while_one_visitor_renders_a_stale_page_the_others_get_it_as_it_was(
    client, cached, project, django_assert_num_queries, monkeypatch
) -> None:
    before = client.get(page(project)).content
    public_pages_expire("milano", project_slug=project.slug)
    backend = type(caches["default"])
    add = backend.add

    def add_unless_rendering(self, key, *args, **kwargs):  # another worker holds the rendering
        return False if key.endswith(":rendering") else add(self, key, *args, **kwargs)

    monkeypatch.setattr(backend, "add", add_unless_rendering)

    with django_assert_num_queries(0):
        meanwhile = client.get(page(project))

    assert meanwhile.status_code == 200 and meanwhile.content == before


def test_a_generation_evicted_from_the_cache_never_brings_a_stale_page_back(client, cached, project) -> None:
    client.get(page(project))
    public_pages_expire("milano", project_slug=project.slug)
    cache.delete_many(
        [f"public-pages:generation:milano:{scope}" for scope in ("all", "shared", f"project:{project.slug}")]
    )

    assert rendered(client.get(page(project)))


def test_a_page_that_is_gone_is_no_longer_served_from_the_cache(
    client, cached, project, django_capture_on_commit_callbacks
) -> None:
    client.get(page(project))
    with django_capture_on_commit_callbacks(execute=True):
        project.status = project.Status.ARCHIVED
        project.save()
        transition_record(subject=project, from_status="published", to_status="archived", city=project.city,
                          project_id=project.pk)  # fmt: skip

    assert client.get(page(project)).status_code == 404
    assert client.get(page(project)).status_code == 404
