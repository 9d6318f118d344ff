"""Plain reasons for a match, in the reader's language, most weighty first.

Two readers: a company looking at a project ("2,4 km from your Bicocca site") and an officer looking at
a company for a project ("their Bicocca site is 2.4 km away"). Only the components that count for the
pair and contribute something give a reason.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from companies.models import Site
from matching import engine
from matching.models import Match, MatchingWeights
from taxonomy.models import Skill, Theme

TOP_SHARES = (0.1, 0.25)


class Reader(Enum):
    COMPANY = "company"  # a company reading a project
    OFFICER = "officer"  # an officer reading a company


def match_reasons(match: Match, *, reader: Reader, weights: engine.Weights | None = None) -> list[str]:
    """The reasons behind `match`, ordered by weighted contribution."""
    return matches_with_reasons([match], reader=reader, weights=weights)[0][1]


def matches_with_reasons(
    matches: Sequence[Match], *, reader: Reader, weights: engine.Weights | None = None
) -> list[tuple[Match, list[str]]]:
    """Each match with its reasons, in a fixed number of queries however many matches a page shows.

    The matches should come with `select_related("project__neighbourhood")`.
    """
    if not matches:
        return []
    if weights is None:
        stored = MatchingWeights.objects.filter(city_id=matches[0].city_id).first()
        weights = stored.as_engine() if stored else engine.Weights()
    lookups = _Lookups(
        themes=[theme.name for theme in Theme.objects.order_by("position", "code")],
        skills=[skill.name for skill in Skill.objects.order_by("code")],
        sites=dict(
            Site.objects.filter(pk__in={m.nearest_site_id for m in matches if m.nearest_site_id}).values_list(
                "pk", "name"
            )
        ),
    )
    return [(match, _reasons(match, reader, weights, lookups)) for match in matches]


@dataclass(frozen=True)
class _Lookups:
    themes: list[str]
    skills: list[str]
    sites: dict[int, str]


def _reasons(match: Match, reader: Reader, weights: engine.Weights, lookups: _Lookups) -> list[str]:
    applies = set(match.applied_components)
    contributions = [
        (getattr(weights, name) * value, name)
        for name, value in match.components.items()
        if name in applies and value > 0 and getattr(weights, name) > 0
    ]
    contributions.sort(key=lambda item: -item[0])
    reasons: list[str] = []
    details = _details(match, lookups) if contributions else {}
    for _contribution, name in contributions:
        reasons.extend(_REASONS[name](details, reader))
    return reasons


def _details(match: Match, lookups: _Lookups) -> dict:
    """The facts the reasons cite, decoded from the match's columns."""
    site = lookups.sites.get(match.nearest_site_id) if match.nearest_site_id else None
    return {
        "neighbourhood": match.project.neighbourhood.name,
        "site": site,
        "km": match.km if site is not None else None,
        "themes": _masked(lookups.themes, match.common_theme_mask),
        "skills": _masked(lookups.skills, match.common_skill_mask),
        "covers": match.covers,
        "covers_with": "hours" if match.covers_with == Match.CoversWith.HOURS else "budget",
        "priority_rank": match.priority_rank or None,
        "need_index": match.need_index,
        "need_top_share": match.need_top_share or None,
        "preferred": match.preferred_neighbourhood,
        "pledged_here": match.pledged_in_neighbourhood,
        "pledged_theme": match.pledged_on_theme,
    }


def _masked(names: list[str], mask: int) -> list[str]:
    """Names at the mask's bits, in the engine's positions (as `matching.selectors` numbers them)."""
    if not mask:
        return []
    return [name for position, name in enumerate(names) if mask >> position & 1]


def _theme(details: dict, reader: Reader) -> list[str]:
    names = details.get("themes") or []
    return [_("themes in common: %(themes)s") % {"themes": ", ".join(names)}] if names else []


def _city_priority(details: dict, reader: Reader) -> list[str]:
    rank, place = details.get("priority_rank"), details.get("neighbourhood", "")
    if not rank:
        return []
    if rank == 1:
        return [_("a City priority for %(neighbourhood)s") % {"neighbourhood": place}]
    return [
        _("the City's priority no. %(rank)s for %(neighbourhood)s") % {"rank": rank, "neighbourhood": place}
    ]


def _proximity(details: dict, reader: Reader) -> list[str]:
    site, km = details.get("site"), details.get("km")
    if site is None or km is None:
        return []
    values = {"km": number_format(km, decimal_pos=1, use_l10n=True), "site": site}
    if reader is Reader.COMPANY:
        return [_("%(km)s km from your %(site)s site") % values]
    return [_("their %(site)s site is %(km)s km away") % values]


def _need(details: dict, reader: Reader) -> list[str]:
    share = details.get("need_top_share")
    for top in TOP_SHARES:
        if share is not None and share <= top:
            return [
                _("among the %(percent)s%% of neighbourhoods most in need") % {"percent": round(top * 100)}
            ]
    return [_("need index %(index)s of 100") % {"index": details.get("need_index", 0)}]


def _capacity(details: dict, reader: Reader) -> list[str]:
    percent = round(100 * float(details.get("covers", 0)))
    hours = details.get("covers_with") == "hours"
    if reader is Reader.COMPANY:
        message = (
            _("your volunteer hours cover %(percent)s%% of the gap")
            if hours
            else _("your remaining budget covers %(percent)s%% of the gap")
        )
    else:
        message = (
            _("their volunteer hours cover %(percent)s%% of the gap")
            if hours
            else _("their remaining budget covers %(percent)s%% of the gap")
        )
    return [message % {"percent": percent}]


def _skills(details: dict, reader: Reader) -> list[str]:
    names = details.get("skills") or []
    if not names:
        return []
    if reader is Reader.COMPANY:
        return [_("skills asked that you offer: %(skills)s") % {"skills": ", ".join(names)}]
    return [_("skills asked that they offer: %(skills)s") % {"skills": ", ".join(names)}]


def _text(details: dict, reader: Reader) -> list[str]:
    if reader is Reader.COMPANY:
        return [_("similar to your CSR statement")]
    return [_("their CSR statement is close to the project")]


def _history(details: dict, reader: Reader) -> list[str]:
    company = reader is Reader.COMPANY
    reasons = []
    if details.get("preferred"):
        reasons.append(
            _("one of your preferred neighbourhoods")
            if company
            else _("one of their preferred neighbourhoods")
        )
    if details.get("pledged_here"):
        reasons.append(
            _("you have pledged in this neighbourhood before")
            if company
            else _("they have pledged in this neighbourhood before")
        )
    if details.get("pledged_theme"):
        reasons.append(
            _("you have supported projects on these themes before")
            if company
            else _("they have supported projects on these themes before")
        )
    return reasons


_REASONS = {
    "theme": _theme,
    "city_priority": _city_priority,
    "proximity": _proximity,
    "need": _need,
    "capacity": _capacity,
    "skills": _skills,
    "text": _text,
    "history": _history,
}
