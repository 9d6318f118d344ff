"""Explanations: plain reasons in the reader's language, most weighty first, only what contributes."""

import pytest
from django.utils import translation

from matching.explain import Reader, match_reasons
from matching.models import Match
from taxonomy.models import Skill, Theme
from tests.factories import MatchFactory, ProjectFactory, SiteFactory

pytestmark = pytest.mark.django_db


def bits(model: type[Theme] | type[Skill], codes: set[str]) -> int:
    """A mask over the engine's positions: the order `matching.selectors` numbers themes and skills."""
    ordered = model.objects.order_by(*(["position", "code"] if model is Theme else ["code"]))
    return sum(1 << position for position, item in enumerate(ordered) if item.code in codes)


@pytest.fixture
def match():
    project = ProjectFactory(neighbourhood__name="Quarto Oggiaro")
    site = SiteFactory(name="Bicocca", company__city=project.city)
    return MatchFactory(
        project=project, company=site.company, nearest_site=site, km=2.4,
        common_theme_mask=bits(Theme, {"greening", "education"}),
        common_skill_mask=bits(Skill, {"gardening"}),
        covers=0.8, covers_with=Match.CoversWith.BUDGET, priority_rank=1, need_index=91, need_top_share=0.08,
        preferred_neighbourhood=False, pledged_in_neighbourhood=True, pledged_on_theme=False,
        theme=1.0, city_priority=1.0, proximity=0.6, need=0.91, capacity=0.8, skills=1.0, text=0.0,
        history=0.3, capacity_applies=True, skills_applies=True,
    )  # fmt: skip


def test_reasons_for_a_company_in_english(match) -> None:
    with translation.override("en"):
        reasons = match_reasons(match, reader=Reader.COMPANY)
    assert reasons == [
        "themes in common: Education, Greening",  # in the themes' positions, as the engine lists them
        "your remaining budget covers 80% of the gap",
        "a City priority for Quarto Oggiaro",
        "skills asked that you offer: Gardening",
        "among the 10% of neighbourhoods most in need",
        "2.4 km from your Bicocca site",
        "you have pledged in this neighbourhood before",
    ]


def test_reasons_for_a_company_in_italian(match) -> None:
    with translation.override("it"):
        reasons = match_reasons(match, reader=Reader.COMPANY)
    assert "a 2,4 km dalla vostra sede Bicocca" in reasons
    assert "il vostro budget residuo copre il 80% del fabbisogno" in reasons
    assert "una priorità del Comune per Quarto Oggiaro" in reasons


def test_reasons_for_an_officer_speak_of_the_company(match) -> None:
    with translation.override("en"):
        reasons = match_reasons(match, reader=Reader.OFFICER)
    assert "their Bicocca site is 2.4 km away" in reasons
    assert "their remaining budget covers 80% of the gap" in reasons


def test_components_that_do_not_apply_or_contribute_give_no_reason(match) -> None:
    match.skills_applies = False
    match.text = 0.0
    with translation.override("en"):
        reasons = match_reasons(match, reader=Reader.COMPANY)
    assert not any("skills" in reason or "CSR" in reason for reason in reasons)


def test_a_deleted_site_drops_only_the_proximity_reason(match) -> None:
    match.nearest_site.delete()
    match.refresh_from_db()
    with translation.override("en"):
        reasons = match_reasons(match, reader=Reader.COMPANY)
    assert not any("site" in reason for reason in reasons)
    assert "a City priority for Quarto Oggiaro" in reasons
