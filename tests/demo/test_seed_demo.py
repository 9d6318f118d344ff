import hashlib
import itertools
import re
from collections.abc import Iterable
from decimal import Decimal

import pytest
import shapely
from django.core.management import CommandError
from django.db import connection
from django.db.models import Count, Q, Sum
from shapely.geometry import shape

from accounts.models import Membership, User
from audit.models import Event
from companies.models import Company, Site
from companies.validators import is_valid_eleven_digit_code
from demo.seeding import COMPANY_MEMBER_EMAIL, DEMO_PASSWORD, NGO_MEMBER_EMAIL, OFFICER_EMAIL
from ledger.models import Fund, FundMatch, Pledge
from matching.models import Match
from neighborhoods.models import City, Neighbourhood, NeighbourhoodPriority
from ngos.models import Organisation
from projects.models import (
    Application,
    Call,
    Campaign,
    EvaluationCriterion,
    Need,
    Project,
    ProjectPartner,
)
from tests.demo.conftest import SMALL, seed
from tests.factories import CompanyFactory, ProjectFactory

pytestmark = pytest.mark.django_db

COUNTED_MODELS = {
    "users": User,
    "companies": Company,
    "sites": Site,
    "organisations": Organisation,
    "memberships": Membership,
    "campaigns": Campaign,
    "projects": Project,
    "project partners": ProjectPartner,
    "needs": Need,
    "calls": Call,
    "evaluation criteria": EvaluationCriterion,
    "applications": Application,
    "pledges": Pledge,
    "priorities": NeighbourhoodPriority,
}


def printed_counts(output: str) -> dict[str, int]:
    return {
        label: int(count.replace(",", ""))
        for label, count in re.findall(r"^  ([a-z ]+?)\s+([\d,]+)$", output, flags=re.MULTILINE)
    }


def mean_need(neighbourhoods: Iterable[Neighbourhood]) -> Decimal:
    needs = [neighbourhood.need_index for neighbourhood in neighbourhoods]
    return sum(needs, Decimal(0)) / len(needs)


def mean_need_of_projects() -> Decimal:
    return mean_need(project.neighbourhood for project in Project.objects.select_related("neighbourhood"))


def demo_digest() -> str:
    """Every generated field that identifies or describes a row, keyed by natural keys rather than ids."""
    rows: list[object] = [
        list(User.objects.order_by("username").values_list("username", "email", "first_name", "is_staff")),
        list(
            Membership.objects.order_by("user__username").values_list(
                "user__username", "role", "company__slug", "organisation__slug", "is_admin", "created_at"
            )
        ),
        list(
            Company.objects.order_by("slug").values_list(
                "slug",
                "legal_name",
                "vat_number",
                "ateco_code",
                "size_class",
                "csr_statement",
                "csr_budget_eur",
                "volunteer_hours_per_year",
                "public_consent",
                "created_at",
                "updated_at",
            )
        ),
        list(
            Site.objects.order_by("company__slug", "name").values_list(
                "company__slug", "name", "latitude", "longitude", "neighbourhood__code", "employees"
            )
        ),
        list(
            Company.themes.through.objects.order_by("company__slug", "theme__code").values_list(
                "company__slug", "theme__code"
            )
        ),
        list(
            Company.preferred_neighbourhoods.through.objects.order_by(
                "company__slug", "neighbourhood__code"
            ).values_list("company__slug", "neighbourhood__code")
        ),
        list(
            Organisation.objects.order_by("slug").values_list(
                "slug", "name", "legal_form", "fiscal_code", "runts_number", "description", "created_at"
            )
        ),
        list(
            Project.objects.order_by("slug").values_list(
                "slug",
                "title",
                "summary",
                "description",
                "status",
                "origin",
                "instrument",
                "neighbourhood__code",
                "proposed_by_company__slug",
                "proposed_by_organisation__slug",
                "campaign__slug",
                "published_at",
                "pledge_deadline",
                "starts_on",
                "ends_on",
                "created_at",
            )
        ),
        list(
            Need.objects.order_by("project__slug", "title", "kind").values_list(
                "project__slug",
                "kind",
                "title",
                "target_quantity",
                "unit",
                "unit_value_eur",
                "starts_on",
                "ends_on",
            )
        ),
        list(
            Call.objects.order_by("slug").values_list("slug", "status", "opens_at", "deadline", "budget_eur")
        ),
        list(
            EvaluationCriterion.objects.order_by("call__slug", "position").values_list(
                "call__slug", "name", "weight"
            )
        ),
        list(
            Application.objects.order_by("call__slug", "project__slug", "organisation__slug").values_list(
                "call__slug", "project__slug", "organisation__slug", "status", "submitted_at", "budget_eur"
            )
        ),
        list(
            Pledge.objects.order_by(
                "need__project__slug", "need__title", "company__slug", "offered_at"
            ).values_list(
                "need__project__slug",
                "need__title",
                "company__slug",
                "quantity",
                "value_eur",
                "status",
                "offered_at",
                "decided_at",
                "fulfilled_at",
            )
        ),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_seed_demo_creates_exactly_what_it_reports(small_city: City) -> None:
    output = seed(*SMALL)

    counts = printed_counts(output)
    for label, model in COUNTED_MODELS.items():
        assert model.objects.count() == counts[label], label
    assert (counts["companies"], counts["projects"], counts["organisations"]) == (20, 15, 8)
    assert counts["users"] == 4
    assert counts["sites"] >= counts["companies"]
    assert counts["needs"] >= counts["projects"]
    assert counts["calls"] >= 1
    assert 3 * counts["calls"] <= counts["evaluation criteria"] <= 4 * counts["calls"]
    assert counts["applications"] > 0
    assert counts["pledges"] > 0


def test_the_four_demo_users_hold_their_roles(small_city: City) -> None:
    output = seed(*SMALL)

    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    assert admin.membership_or_none is None
    officer, company, ngo = (
        Membership.objects.select_related("user").get(user__username=email)
        for email in (OFFICER_EMAIL, COMPANY_MEMBER_EMAIL, NGO_MEMBER_EMAIL)
    )
    assert (officer.role, officer.city, officer.is_active) == (Membership.Role.OFFICER, small_city, True)
    assert (company.role, company.is_admin) == (Membership.Role.COMPANY, True)
    assert company.company.city == small_city
    assert (ngo.role, ngo.is_admin, ngo.organisation.city) == (Membership.Role.NGO, True, small_city)
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD)
    assert DEMO_PASSWORD in output and company.company.legal_name in output


def test_every_kind_of_seeded_row_passes_full_clean(small_city: City) -> None:
    seed(*SMALL)

    for model in (*COUNTED_MODELS.values(), Campaign):
        rows = list(model.objects.order_by("pk")[:30])
        assert rows, model
        for row in rows:
            row.full_clean()


def test_no_need_is_committed_beyond_its_target(small_city: City) -> None:
    seed("--companies", "30", "--projects", "60", "--ngos", "8")

    needs = Need.objects.annotate(
        committed=Sum("pledges__quantity", filter=Q(pledges__status__in=Pledge.COMMITTED_STATUSES))
    )
    assert any(need.committed for need in needs)
    for need in needs.filter(allow_oversubscription=False):
        assert (need.committed or 0) <= need.target_quantity, need
    for pledge in Pledge.objects.select_related("need"):
        assert pledge.value_eur == (pledge.quantity * pledge.need.unit_value_eur).quantize(Decimal("0.01"))
        assert pledge.quantity > 0
        assert (pledge.status == Pledge.Status.FULFILLED) == (pledge.fulfilled_at is not None)


def test_identifiers_are_valid_and_unique(small_city: City) -> None:
    seed(*SMALL)

    vat_numbers = list(Company.objects.values_list("vat_number", flat=True))
    fiscal_codes = list(Organisation.objects.values_list("fiscal_code", flat=True))
    assert all(is_valid_eleven_digit_code(vat) for vat in vat_numbers)
    assert all(is_valid_eleven_digit_code(code) for code in fiscal_codes)
    assert len(set(vat_numbers)) == len(vat_numbers)
    assert len(set(fiscal_codes)) == len(fiscal_codes)


def test_the_same_seed_gives_the_same_data_and_another_seed_does_not(small_city: City) -> None:
    seed(*SMALL)
    first = demo_digest()

    seed(*SMALL, "--flush")
    assert demo_digest() == first

    seed(*SMALL, "--flush", "--seed", "7")
    assert demo_digest() != first


def test_projects_lean_towards_needier_neighbourhoods(small_city: City) -> None:
    seed("--companies", "10", "--projects", "120", "--ngos", "5")

    assert mean_need_of_projects() > mean_need(Neighbourhood.objects.all()) + 10


def test_project_themes_follow_the_city_priorities_there(small_city: City) -> None:
    seed(*SMALL)

    for project in Project.objects.prefetch_related("themes", "neighbourhood__priorities"):
        priorities = {priority.theme_id for priority in project.neighbourhood.priorities.all()}
        assert priorities & {theme.id for theme in project.themes.all()}, project


def test_sites_lie_inside_their_neighbourhood(small_city: City) -> None:
    seed(*SMALL)

    boundaries = {n.id: shape(n.boundary) for n in Neighbourhood.objects.all()}
    for site in Site.objects.all():
        assert shapely.contains_xy(boundaries[site.neighbourhood_id], site.longitude, site.latitude), site
    headquarters = Company.objects.annotate(hq=Count("sites", filter=Q(sites__is_headquarters=True)))
    assert all(company.hq == 1 for company in headquarters)


def test_calls_weigh_their_criteria_to_100_and_take_one_application_per_ngo(small_city: City) -> None:
    seed("--companies", "10", "--projects", "60", "--ngos", "6")

    for call in Call.objects.annotate(total=Sum("criteria__weight"), criteria_count=Count("criteria")):
        assert call.total == 100
        assert 3 <= call.criteria_count <= 4
    assert Call.objects.filter(status=Call.Status.OPEN).exists()
    assert Call.objects.filter(project__isnull=False).exists()
    assert Application.objects.filter(organisation__memberships__user__username=NGO_MEMBER_EMAIL).exists()


def test_seeding_over_a_demo_is_refused_unless_told_to_flush_or_skip(small_city: City) -> None:
    seed(*SMALL)

    with pytest.raises(CommandError, match="--flush"):
        seed(*SMALL)
    assert "nothing to do" in seed(*SMALL, "--if-empty")
    assert Company.objects.count() == 20


def test_flush_removes_the_demo_and_nothing_else(small_city: City) -> None:
    seed(*SMALL)
    neighbourhood = Neighbourhood.objects.first()
    own_company = CompanyFactory(city=small_city)
    own_project = ProjectFactory(neighbourhood=neighbourhood)
    priorities = NeighbourhoodPriority.objects.count()

    output = seed("--companies", "5", "--projects", "4", "--ngos", "3", "--flush")

    assert "flushed the previous demo" in output
    assert Company.objects.count() == 6 and Company.objects.filter(pk=own_company.pk).exists()
    assert Project.objects.count() == 5 and Project.objects.filter(pk=own_project.pk).exists()
    assert Organisation.objects.count() == 3
    assert User.objects.count() == 4
    assert NeighbourhoodPriority.objects.count() == priorities


def test_seed_demo_loads_the_milan_atlas_when_milan_is_missing(db: None) -> None:
    output = seed("--companies", "12", "--projects", "40", "--ngos", "6")

    milan = City.objects.get(slug="milano")
    assert milan.neighbourhoods.count() == 88
    ranks = milan.neighbourhoods.annotate(priorities_count=Count("priorities"))
    assert all(2 <= n.priorities_count <= 4 for n in ranks)
    assert "companies 12/12" in output
    assert mean_need_of_projects() > mean_need(milan.neighbourhoods.all())
    for site in Site.objects.select_related("neighbourhood"):
        assert shapely.contains_xy(shape(site.neighbourhood.boundary), site.longitude, site.latitude)


def test_a_user_that_is_not_the_demos_holding_a_demo_name_stops_the_seed_cleanly(small_city: City) -> None:
    User.objects.create_user(username="admin", email="admin@comune.milano.it")

    with pytest.raises(CommandError, match="admin"):
        seed(*SMALL)
    assert not Company.objects.exists()


def test_every_project_and_pledge_carries_the_history_the_services_would_record(small_city: City) -> None:
    seed(*SMALL)

    for project in Project.objects.all():
        moves = list(Event.objects.for_object(project).order_by("occurred_at", "id"))
        assert moves[0].to_status == "draft" and moves[-1].to_status == project.status, project
        assert all(a.to_status == b.from_status for a, b in itertools.pairwise(moves)), project
    for pledge in Pledge.objects.all():
        assert Event.objects.for_object(pledge).order_by("-occurred_at", "-id")[0].to_status == pledge.status


def test_the_citys_fund_matches_accepted_funding_pledges_within_its_pot(small_city: City) -> None:
    seed(*SMALL)

    fund = Fund.objects.get(city=small_city)
    matched = FundMatch.objects.filter(fund=fund).aggregate(total=Sum("amount_eur"))["total"]
    assert 0 < matched == fund.matched_eur <= fund.pot_eur
    assert not FundMatch.objects.exclude(pledge__status__in=["accepted", "fulfilled"]).exists()


def test_a_small_demo_is_scored_so_recommendations_show_at_once(small_city: City) -> None:
    output = seed(*SMALL, "--score")

    assert "matches stored" in output
    assert Match.objects.filter(city=small_city, rank_for_company=1).count() == Company.objects.count()


def test_the_seed_leaves_the_planner_statistics_of_what_it_loaded(
    small_city: City, requires_postgres: None
) -> None:
    # Autovacuum may be off or late after a bulk load: without statistics PostgreSQL plans the catalogue's
    # queries as if the tables were empty.
    output = seed(*SMALL)

    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Project._meta.db_table])
        (estimated_rows,) = cursor.fetchone()
    assert "planner statistics refreshed" in output
    assert estimated_rows == Project.objects.count()
