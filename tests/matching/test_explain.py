"""Explanations: plain reasons in the reader's language, most weighty first, only what contributes."""

import pytest
from django.utils import translation

from matching.explain import Reader, match_reasons
from tests.factories import MatchFactory

pytestmark = pytest.mark.django_db

DETAILS = {
    "neighbourhood": "Quarto Oggiaro", "site": "Bicocca", "km": 2.4, "themes": ["greening", "education"],
    "skills": ["gardening"], "covers": 0.8, "covers_with": "budget", "priority_rank": 1, "need_index": 91,
    "need_top_share": 0.08, "preferred": False, "pledged_here": True, "pledged_theme": False,
}  # fmt: skip


@pytest.fixture
def match():
    return MatchFactory(
        theme=1.0, city_priority=1.0, proximity=0.6, need=0.91, capacity=0.8, skills=1.0, text=0.0,
        history=0.3, capacity_applies=True, skills_applies=True, details=DETAILS,
    )  # fmt: skip


def test_reasons_for_a_company_in_english(match) -> None:
    with translation.override("en"):
        reasons = match_reasons(match, reader=Reader.COMPANY)
    assert reasons == [
        "themes in common: Greening, Education",
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
