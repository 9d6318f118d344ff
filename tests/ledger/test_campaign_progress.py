"""A campaign's progress: its projects' funding targets against what was pledged and matched."""

from decimal import Decimal

import pytest

from ledger.models import Pledge
from ledger.selectors import campaign_progress
from ledger.services import pledge_accept
from projects.models import Project
from tests.factories import CampaignFactory, FundFactory, NeedFactory, ProjectFactory
from tests.ledger.factories import GoodsNeedFactory, OfferedPledgeFactory, scene

pytestmark = pytest.mark.django_db

D = Decimal


def test_campaign_progress_totals_targets_pledges_and_matches_of_its_public_projects() -> None:
    s = scene(target_quantity=D("10000"))
    campaign = CampaignFactory(city=s.project.city, target_eur=D("50000"))
    Project.objects.filter(pk=s.project.pk).update(campaign=campaign)
    NeedFactory(project=s.project, target_quantity=D("5000"))
    GoodsNeedFactory(project=s.project)  # goods are not part of the funding target
    FundFactory(city=s.project.city)
    pledge_accept(pledge=OfferedPledgeFactory(need=s.need, quantity=D("2000")), actor=s.officer)
    OfferedPledgeFactory(need=s.need, quantity=D("1000"))
    OfferedPledgeFactory(need=s.need, quantity=D("700"), status=Pledge.Status.WITHDRAWN)
    second = NeedFactory(
        project=ProjectFactory(campaign=campaign, neighbourhood=s.project.neighbourhood, title="B"),
        target_quantity=D("8000"),
    )
    NeedFactory(project=ProjectFactory(campaign=campaign, status=Project.Status.DRAFT, published_at=None))

    progress = campaign_progress(campaign=campaign)

    lines = {p.project.pk: (p.target_eur, p.committed_eur, p.matched_eur) for p in progress.projects}
    assert lines == {
        s.project.pk: (D("15000.00"), D("3000.00"), D("2000.00")),
        second.project_id: (D("8000.00"), D("0.00"), D("0.00")),
    }
    assert (progress.target_eur, progress.projects_target_eur) == (D("50000.00"), D("23000.00"))
    assert (progress.committed_eur, progress.matched_eur, progress.raised_eur) == (
        D("3000.00"),
        D("2000.00"),
        D("5000.00"),
    )
    assert progress.share_of_target == D("0.100")


@pytest.mark.parametrize("projects", [1, 4])
def test_campaign_progress_takes_one_query_however_many_projects(projects, django_assert_num_queries) -> None:
    campaign = CampaignFactory()
    for _ in range(projects):
        need = NeedFactory(project=ProjectFactory(campaign=campaign, neighbourhood__city=campaign.city))
        OfferedPledgeFactory(need=need)

    with django_assert_num_queries(1):
        progress = campaign_progress(campaign=campaign)
        assert [line.project.title for line in progress.projects]
    assert len(progress.projects) == projects


def test_campaign_without_a_shared_target_measures_against_its_projects_funding_needs() -> None:
    campaign = CampaignFactory(target_eur=None)
    need = NeedFactory(
        project=ProjectFactory(campaign=campaign, neighbourhood__city=campaign.city),
        target_quantity=D("8000"),
    )
    OfferedPledgeFactory(need=need, quantity=D("2000"))

    progress = campaign_progress(campaign=campaign)

    assert (progress.goal_eur, progress.gap_eur, progress.share_of_target) == (
        D("8000.00"),
        D("6000.00"),
        D("0.250"),
    )


def test_campaign_gap_never_goes_below_zero_when_pledges_pass_the_target() -> None:
    campaign = CampaignFactory(target_eur=D("1000"))
    need = NeedFactory(project=ProjectFactory(campaign=campaign, neighbourhood__city=campaign.city))
    OfferedPledgeFactory(need=need, quantity=D("1500"))

    progress = campaign_progress(campaign=campaign)

    assert (progress.goal_eur, progress.gap_eur, progress.share_of_target) == (
        D("1000"),
        D("0.00"),
        D("1.500"),
    )
