"""Initiatives: a company's or an NGO's own action, proposed to the City, reviewed against the
neighbourhood's priorities, and endorsed into its plan or declined with a reason."""

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.roles import company_of, organisation_of
from neighborhoods.models import City, Neighbourhood
from ngos.models import Organisation
from projects.models import Project, ProjectOrigin, ProjectStatus
from projects.services import project_build, project_transition
from taxonomy.models import Theme

S = ProjectStatus


@transaction.atomic
def initiative_propose(
    *,
    actor: Any,
    city: City,
    neighbourhood: Neighbourhood,
    title: str,
    summary: str,
    description: str,
    themes: Sequence[Theme],
    instrument: str,
    needs: Sequence[Mapping[str, Any]],
    partners: Sequence[Organisation] = (),
    pledge_deadline: datetime | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Project:
    """A company's or NGO's initiative, sent to the City's review (status proposed)."""
    company, organisation = company_of(actor), organisation_of(actor)
    proposer = company or organisation
    if proposer is None or proposer.city_id != city.pk:
        raise ValidationError(
            _("Only a member of a company or NGO of this city may propose an initiative."), code="forbidden"
        )
    fields = {
        "neighbourhood": neighbourhood,
        "title": title,
        "summary": summary,
        "description": description,
        "instrument": instrument,
        "pledge_deadline": pledge_deadline,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "origin": ProjectOrigin.COMPANY if company else ProjectOrigin.NGO,
    }
    partners = [partner for partner in partners if partner != organisation]
    project = project_build(
        city=city,
        actor=actor,
        fields=fields,
        themes=themes,
        needs=needs,
        partners=partners,
        proposed_by_company=company,
        proposed_by_organisation=organisation,
    )
    return project_transition(project=project, to_status=S.PROPOSED, actor=actor)


def _require_initiative(project: Project) -> None:
    if project.origin == ProjectOrigin.CITY:
        raise ValidationError(_("This is a City project, not an initiative."), code="not_initiative")


@transaction.atomic
def initiative_request_changes(*, project: Project, actor: Any, note: str) -> Project:
    _require_initiative(project)
    if not note.strip():
        raise ValidationError({"note": _("Say what should change: the proposer will read it.")})
    return project_transition(project=project, to_status=S.CHANGES_REQUESTED, actor=actor, note=note)


@transaction.atomic
def initiative_resubmit(*, project: Project, actor: Any) -> Project:
    _require_initiative(project)
    return project_transition(project=project, to_status=S.PROPOSED, actor=actor)


@transaction.atomic
def initiative_endorse(*, project: Project, actor: Any, note: str = "") -> Project:
    """The City takes the initiative into its plan: published, open to pledges, the officer in charge."""
    _require_initiative(project)
    return project_transition(project=project, to_status=S.PUBLISHED, actor=actor, note=note)


@transaction.atomic
def initiative_decline(*, project: Project, actor: Any, reason: str) -> Project:
    _require_initiative(project)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the City declines it: the proposer will read it.")})
    return project_transition(project=project, to_status=S.DECLINED, actor=actor, note=reason)
