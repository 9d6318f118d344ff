"""Campaigns: the City groups projects under one theme and period, with a shared target."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.roles import is_officer_of
from audit.models import EventAction
from audit.services import changes_between, event_record
from neighborhoods.models import City
from projects.models import Campaign, Project, ProjectStatus
from projects.services import decimal_or_none, unique_slug
from taxonomy.models import Theme

S = ProjectStatus


CAMPAIGN_EDITABLE_FIELDS = ("title", "description", "starts_on", "ends_on", "target_eur")


def _require_campaign_officer(actor: Any, city: City) -> None:
    if not is_officer_of(actor, city):
        raise ValidationError(_("You may not change this city's campaigns."), code="forbidden")


def _campaign_validate(campaign: Campaign) -> None:
    errors: dict[str, list[str]] = {}
    if campaign.starts_on and campaign.ends_on and campaign.ends_on < campaign.starts_on:
        errors["ends_on"] = [_("The campaign cannot end before it starts.")]
    if campaign.target_eur is not None and campaign.target_eur <= 0:
        errors["target_eur"] = [_("The shared target must be more than zero, or left empty.")]
    try:
        campaign.full_clean(exclude=["city", "slug"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _campaign_snapshot(campaign: Campaign) -> dict[str, Any]:
    snapshot = {field: getattr(campaign, field) for field in CAMPAIGN_EDITABLE_FIELDS}
    snapshot["themes"] = sorted(campaign.themes.values_list("code", flat=True))
    return snapshot


@transaction.atomic
def campaign_create(
    *,
    city: City,
    actor: Any,
    title: str,
    description: str,
    themes: Sequence[Theme],
    starts_on: date,
    ends_on: date,
    target_eur: Decimal | None,
) -> Campaign:
    _require_campaign_officer(actor, city)
    campaign = Campaign(
        city=city,
        title=(title or "").strip(),
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        target_eur=decimal_or_none(target_eur),
    )
    campaign.slug = unique_slug(Campaign, city, campaign.title)
    _campaign_validate(campaign)
    campaign.save()
    campaign.themes.set(themes)
    event_record(subject=campaign, action=EventAction.CREATED, actor=actor, city=city)
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, actor: Any, **changes: Any) -> Campaign:
    unknown = set(changes) - {*CAMPAIGN_EDITABLE_FIELDS, "themes"}
    if unknown:
        raise TypeError(f"campaign_update cannot change {sorted(unknown)}")
    locked = Campaign.objects.select_for_update().select_related("city").get(pk=campaign.pk)
    _require_campaign_officer(actor, locked.city)
    before = _campaign_snapshot(locked)
    for field in CAMPAIGN_EDITABLE_FIELDS:
        if field in changes:
            value = changes[field]
            setattr(locked, field, decimal_or_none(value) if field == "target_eur" else value)
    _campaign_validate(locked)
    locked.save()
    if "themes" in changes:
        locked.themes.set(changes["themes"])
    diff = changes_between(before, _campaign_snapshot(locked))
    if diff:
        event_record(subject=locked, action=EventAction.CHANGED, actor=actor, city=locked.city, changes=diff)
    campaign.refresh_from_db()
    return locked


def _campaign_set(project: Project, campaign: Campaign | None, actor: Any) -> Project:
    before = str(project.campaign) if project.campaign_id else None
    project.campaign = campaign
    project.save(update_fields=["campaign", "updated_at"])
    event_record(
        subject=project,
        action=EventAction.CHANGED,
        actor=actor,
        city=project.city,
        project_id=project.pk,
        changes={"campaign": [before, str(campaign) if campaign else None]},
    )
    return project


@transaction.atomic
def campaign_add_project(*, campaign: Campaign, project: Project, actor: Any) -> Project:
    _require_campaign_officer(actor, campaign.city)
    locked = Project.objects.select_for_update().select_related("city").get(pk=project.pk)
    if locked.city_id != campaign.city_id:
        raise ValidationError({"project": _("Only a project of the campaign's city can join it.")})
    if locked.status == S.ARCHIVED:
        raise ValidationError({"project": _("An archived project cannot join a campaign.")})
    if locked.campaign_id == campaign.pk:
        return locked
    _campaign_set(locked, campaign, actor)
    project.refresh_from_db()
    return locked


@transaction.atomic
def campaign_remove_project(*, campaign: Campaign, project: Project, actor: Any) -> Project:
    _require_campaign_officer(actor, campaign.city)
    locked = Project.objects.select_for_update().select_related("city").get(pk=project.pk)
    if locked.campaign_id != campaign.pk:
        raise ValidationError({"project": _("This project is not part of the campaign.")})
    _campaign_set(locked, None, actor)
    project.refresh_from_db()
    return locked
