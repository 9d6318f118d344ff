"""Drafting a call: the City writes a call for proposals with its evaluation criteria, as a draft.

Publishing it (projects.applications.call_publish) checks that the criteria's weights add up to 100%; a
draft may hold any weights while the officer is still balancing them.
"""

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.roles import is_officer_of
from audit.models import EventAction
from audit.services import event_record
from neighborhoods.models import City
from projects.models import Call, CallStatus, EvaluationCriterion, Project
from projects.services import decimal_or_none
from taxonomy.models import Theme

CRITERION_FIELDS = ("name", "description", "weight", "max_score")


def _unique_call_slug(city: City, title: str) -> str:
    base = (slugify(title) or "call")[:200]
    taken = set(Call.objects.filter(city=city, slug__startswith=base).values_list("slug", flat=True))
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def _criteria_build(criteria: Sequence[Mapping[str, Any]]) -> list[EvaluationCriterion]:
    built, problems, names = [], [], set()
    for position, data in enumerate(criteria):
        unknown = set(data) - set(CRITERION_FIELDS)
        if unknown:
            raise TypeError(f"Unknown criterion fields: {sorted(unknown)}")
        criterion = EvaluationCriterion(
            name=(data.get("name") or "").strip(),
            description=(data.get("description") or "").strip(),
            weight=decimal_or_none(data.get("weight")),
            max_score=data.get("max_score") or 10,
            position=position,
        )
        label = criterion.name or "—"
        if not criterion.name:
            problems.append(_("Criterion %(number)s: give it a name.") % {"number": position + 1})
        elif criterion.name.casefold() in names:
            problems.append(_("“%(name)s” is there twice: each criterion once.") % {"name": label})
        names.add(criterion.name.casefold())
        if criterion.weight is None or not Decimal(0) < criterion.weight <= Decimal(100):
            problems.append(
                _("“%(name)s”: its weight is a percentage above 0, at most 100.") % {"name": label}
            )
        if criterion.max_score < 1:
            problems.append(_("“%(name)s”: its highest score is at least 1.") % {"name": label})
        built.append(criterion)
    if problems:
        raise ValidationError({"criteria": problems})
    return built


def _call_validate(call: Call) -> None:
    errors: dict[str, list[str]] = {}
    if call.project is not None and call.project.city_id != call.city_id:
        errors["project"] = [_("Choose a project of this city.")]
    if call.opens_at and call.deadline and call.deadline <= call.opens_at:
        errors["deadline"] = [_("The deadline comes after the opening.")]
    try:
        call.full_clean(
            exclude=["city", "project", "owner", "slug", "status"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def call_create(
    *,
    city: City,
    actor: Any,
    title: str,
    description: str,
    eligibility: str,
    opens_at: datetime,
    deadline: datetime,
    themes: Sequence[Theme] = (),
    budget_eur: Decimal | None = None,
    project: Project | None = None,
    criteria: Sequence[Mapping[str, Any]] = (),
) -> Call:
    """A draft call of the city in the acting officer's charge, with its criteria (name, description,
    weight in %, highest score); call_publish opens it."""
    if not is_officer_of(actor, city):
        raise ValidationError(_("Only an officer of this city may create its calls."), code="forbidden")
    call = Call(
        city=city,
        project=project,
        title=(title or "").strip(),
        description=description,
        eligibility=eligibility,
        status=CallStatus.DRAFT,
        opens_at=opens_at,
        deadline=deadline,
        budget_eur=decimal_or_none(budget_eur),
        owner=actor,
    )
    _call_validate(call)
    built = _criteria_build(criteria)
    call.slug = _unique_call_slug(city, call.title)
    call.save()
    call.themes.set(themes)
    for criterion in built:
        criterion.call = call
    EvaluationCriterion.objects.bulk_create(built)
    event_record(subject=call, action=EventAction.CREATED, actor=actor, city=city, project_id=call.project_id)
    return call
