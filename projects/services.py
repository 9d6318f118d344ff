"""What changes a project's state: its lifecycle, its content and needs, and its impact report.

Initiatives (projects.initiatives) and campaigns (projects.campaigns) build on these.

Every transition goes through `project_transition`, which checks the table below, locks the row so two
requests cannot move one project twice, and records the move in the project's history (audit.Event).
Pages, API, admin actions and tasks all call these services; nothing else writes `Project.status`.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.roles import is_member_of, is_officer_of
from audit.models import EventAction
from audit.services import changes_between, event_record, transition_record
from milanpartner.uploads import document_content_type
from neighborhoods.models import City, Neighbourhood
from ngos.models import Organisation
from projects.models import (
    Campaign,
    ImpactPhoto,
    ImpactReport,
    Need,
    NeedKind,
    NeedUnit,
    Project,
    ProjectPartner,
    ProjectStatus,
)
from taxonomy.models import Skill, Theme

S = ProjectStatus

# Who may make a move: the City's officers (of the project's city), the members of the company or NGO
# that proposed it (for its own initiative), or the platform itself (a deadline, full coverage).
OFFICER, PROPOSER, SYSTEM = "officer", "proposer", "system"


@dataclass(frozen=True)
class Move:
    by: frozenset[str]
    needs_note: bool = False


def _move(*by: str, needs_note: bool = False) -> Move:
    return Move(frozenset(by), needs_note)


TRANSITIONS: dict[tuple[str, str], Move] = {
    (S.DRAFT, S.PUBLISHED): _move(OFFICER),
    (S.DRAFT, S.PROPOSED): _move(PROPOSER),
    (S.PROPOSED, S.CHANGES_REQUESTED): _move(OFFICER, needs_note=True),
    (S.CHANGES_REQUESTED, S.PROPOSED): _move(PROPOSER),
    (S.PROPOSED, S.PUBLISHED): _move(OFFICER),  # the City endorses an initiative into its plan
    (S.PROPOSED, S.DECLINED): _move(OFFICER, needs_note=True),
    # A proposer who never answers a request for changes must not keep the initiative pending for ever.
    (S.CHANGES_REQUESTED, S.DECLINED): _move(OFFICER, needs_note=True),
    (S.PUBLISHED, S.FUNDED): _move(SYSTEM),  # every need covered: decided by the ledger
    (S.PUBLISHED, S.CLOSED): _move(OFFICER, SYSTEM),  # the deadline passed, or the City closes it early
    (S.FUNDED, S.IN_PROGRESS): _move(OFFICER),
    (S.CLOSED, S.IN_PROGRESS): _move(OFFICER),
    (S.IN_PROGRESS, S.COMPLETED): _move(OFFICER),
    (S.COMPLETED, S.REPORTED): _move(OFFICER, PROPOSER),
    (S.DRAFT, S.ARCHIVED): _move(OFFICER),
    (S.DECLINED, S.ARCHIVED): _move(OFFICER),
    (S.CLOSED, S.ARCHIVED): _move(OFFICER),
    (S.REPORTED, S.ARCHIVED): _move(OFFICER),
}

# Where the proposer may still edit its own initiative; officers may edit anything not archived.
PROPOSER_EDITABLE_STATUSES = (S.DRAFT, S.PROPOSED, S.CHANGES_REQUESTED)
# Pledge statuses that hold part of a need (ledger.Pledge.COMMITTED_STATUSES; ledger sits above us).
COMMITTED_PLEDGE_STATUSES = ("offered", "accepted", "fulfilled")


def allowed_transitions(*, project: Project, actor: Any) -> list[ProjectStatus]:
    """The statuses this actor may move the project to now (for the buttons a page shows)."""
    roles = _roles(project, actor)
    return [
        ProjectStatus(to_status)
        for (from_status, to_status), move in TRANSITIONS.items()
        if from_status == project.status and move.by & roles
    ]


def _roles(project: Project, actor: Any) -> set[str]:
    if actor is None:
        return {SYSTEM}
    roles = set()
    if is_officer_of(actor, project.city):
        roles.add(OFFICER)
    if is_member_of(
        actor, company=project.proposed_by_company, organisation=project.proposed_by_organisation
    ):
        roles.add(PROPOSER)
    return roles


def _forbidden() -> ValidationError:
    return ValidationError(_("You may not make this change to the project."), code="forbidden")


def _check_preconditions(project: Project, to_status: str) -> None:
    if to_status in (S.PUBLISHED, S.PROPOSED) and not project.needs.exists():
        raise ValidationError(
            _("Add at least one need (funding, volunteering or goods) before publishing or proposing."),
            code="no_need",
        )
    if to_status == S.REPORTED and not ImpactReport.objects.filter(project=project).exists():
        raise ValidationError(
            _("Submit the impact report (people reached, hours given, money spent, photos) first."),
            code="no_impact_report",
        )


def _check_move(project: Project, to_status: str, actor: Any) -> Move:
    move = TRANSITIONS.get((project.status, to_status))
    if move is None:
        raise ValidationError(
            _("A project that is %(from)s cannot become %(to)s.")
            % {"from": ProjectStatus(project.status).label, "to": ProjectStatus(to_status).label},
            code="not_allowed",
        )
    if not move.by & _roles(project, actor):
        raise _forbidden()
    return move


@transaction.atomic
def project_transition(
    *, project: Project, to_status: ProjectStatus, actor: Any = None, note: str = ""
) -> Project:
    """Move the project to `to_status`, or raise ValidationError saying why. Actor None: the platform."""
    locked = Project.objects.select_for_update().select_related("city").get(pk=project.pk)
    from_status = locked.status
    move = _check_move(locked, to_status, actor)
    note = note.strip()
    if move.needs_note and not note:
        raise ValidationError({"note": _("Say what should change, or why: the proposer will read it.")})
    _check_preconditions(locked, to_status)

    locked.status = to_status
    fields = ["status", "updated_at"]
    if to_status == S.PUBLISHED and locked.published_at is None:
        locked.published_at = timezone.now()
        fields.append("published_at")
    if move.needs_note:
        locked.review_note = note
        fields.append("review_note")
    if to_status == S.PUBLISHED and from_status == S.PROPOSED:
        # The officer who endorses an initiative takes charge of it; an old request for changes is over.
        locked.owner = actor
        locked.review_note = note
        fields += ["owner", "review_note"]
    locked.save(update_fields=fields)
    transition_record(
        subject=locked,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        city=locked.city,
        project_id=locked.pk,
        note=note,
    )
    project.refresh_from_db()
    return locked


# --- what a project says: its fields and needs -------------------------------------------------------

PROJECT_EDITABLE_FIELDS = (
    "title",
    "summary",
    "description",
    "instrument",
    "neighbourhood",
    "pledge_deadline",
    "starts_on",
    "ends_on",
)
NEED_FIELDS = (
    "kind",
    "title",
    "description",
    "target_quantity",
    "unit",
    "unit_value_eur",
    "starts_on",
    "ends_on",
    "allow_oversubscription",
    "all_or_nothing",
)
DEFAULT_UNIT = {NeedKind.FUNDING: NeedUnit.EUR, NeedKind.VOLUNTEERING: NeedUnit.HOURS}
UNITS_OF_KIND = {
    NeedKind.FUNDING: {NeedUnit.EUR},
    NeedKind.VOLUNTEERING: {NeedUnit.HOURS},
    NeedKind.IN_KIND: {NeedUnit.ITEMS, NeedUnit.KG, NeedUnit.M2},
}


def decimal_or_none(value: Any) -> Decimal | None:
    """Money and quantities come as Decimal (or text, or whole numbers); a float is a programming error."""
    if isinstance(value, float):
        raise TypeError("Pass money and quantities as Decimal, not float.")
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{field}: {message}" for field, items in error.message_dict.items() for message in items]
    return list(error.messages)


def unique_slug(model: type[Project] | type[Campaign], city: City, title: str) -> str:
    base = (slugify(title) or "item")[:200]
    taken = set(model.objects.filter(city=city, slug__startswith=base).values_list("slug", flat=True))
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def _project_validate(project: Project, *, themes: Sequence[Theme]) -> None:
    errors: dict[str, list[str]] = {}
    if project.neighbourhood.city_id != project.city_id:
        errors["neighbourhood"] = [_("Choose a neighbourhood of this city.")]
    if project.campaign is not None and project.campaign.city_id != project.city_id:
        errors["campaign"] = [_("Choose a campaign of this city.")]
    if not themes:
        errors["themes"] = [_("Choose at least one urban challenge the project addresses.")]
    if project.starts_on and project.ends_on and project.ends_on < project.starts_on:
        errors["ends_on"] = [_("The project cannot end before it starts.")]
    try:
        project.full_clean(
            exclude=[
                "city",
                "neighbourhood",
                "campaign",
                "owner",
                "proposed_by_company",
                "proposed_by_organisation",
                "slug",
            ],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _need_problems(need: Need) -> list[str]:
    problems = []
    if need.kind not in NeedKind.values:
        return [_("choose funding, volunteering or goods in kind.")]
    if not (need.title or "").strip():
        problems.append(_("give it a title."))
    if need.target_quantity is None or need.target_quantity <= 0:
        problems.append(_("the target must be more than zero."))
    if need.unit not in UNITS_OF_KIND[NeedKind(need.kind)]:
        problems.append(
            _("%(kind)s is counted in %(units)s.")
            % {
                "kind": NeedKind(need.kind).label,
                "units": ", ".join(str(NeedUnit(unit).label) for unit in UNITS_OF_KIND[NeedKind(need.kind)]),
            }
        )
    if need.unit_value_eur is None or need.unit_value_eur < 0:
        problems.append(_("the value of one unit cannot be negative."))
    elif need.kind == NeedKind.FUNDING and need.unit_value_eur != 1:
        problems.append(_("funding is counted in euros: one unit is worth 1 EUR."))
    if need.all_or_nothing and need.kind != NeedKind.FUNDING:
        problems.append(_("only funding can be all or nothing."))
    if need.starts_on and need.ends_on and need.ends_on < need.starts_on:
        problems.append(_("it cannot end before it starts."))
    if problems:
        return problems
    try:
        need.full_clean(exclude=["project"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        problems.extend(_messages(error))
    return problems


def _need_apply(need: Need, data: Mapping[str, Any]) -> list[Skill] | None:
    unknown = set(data) - {*NEED_FIELDS, "skills", "id"}
    if unknown:
        raise TypeError(f"Unknown need fields: {sorted(unknown)}")
    for field in NEED_FIELDS:
        if field in data:
            setattr(need, field, data[field])
    need.target_quantity = decimal_or_none(need.target_quantity)
    need.unit_value_eur = decimal_or_none(need.unit_value_eur)
    # Funding and volunteering have one unit each: a need may leave it out, or change kind without it.
    if "unit" not in data and need.kind in DEFAULT_UNIT:
        need.unit = DEFAULT_UNIT[need.kind]
    if "unit_value_eur" not in data and need.kind == NeedKind.FUNDING:
        need.unit_value_eur = Decimal(1)
    need.title = (need.title or "").strip()
    skills = data.get("skills")
    return list(skills) if skills is not None else None


def _need_snapshot(need: Need) -> dict[str, Any]:
    return {field: getattr(need, field) for field in NEED_FIELDS}


def _pledged_quantity(need: Need) -> Decimal:
    committed = need.pledges.filter(status__in=COMMITTED_PLEDGE_STATUSES)
    return committed.aggregate(total=Sum("quantity"))["total"] or Decimal(0)


def _needs_error(number: int, title: str, problem: str) -> str:
    return _("Need %(number)s (%(title)s): %(problem)s") % {
        "number": number,
        "title": title or "—",
        "problem": problem,
    }


def _needs_plan(
    project: Project, needs: Sequence[Mapping[str, Any]]
) -> tuple[list[tuple[Need, list[Skill] | None, dict[str, Any] | None]], list[Need]]:
    """Check the new list of needs against the project's: (needs to save with their old values, to delete)."""
    existing = {need.pk: need for need in project.needs.all()} if project.pk else {}
    planned, errors, kept = [], [], set()
    for number, data in enumerate(needs, start=1):
        need_id = data.get("id")
        if need_id is not None and need_id not in existing:
            errors.append(_needs_error(number, data.get("title", ""), _("it is not a need of this project.")))
            continue
        need = existing.get(need_id) or Need()
        before = _need_snapshot(need) if need.pk else None
        skills = _need_apply(need, data)
        problems = _need_problems(need)
        if before is not None and not problems:
            problems = _pledged_need_problems(need, before)
        errors += [_needs_error(number, need.title, problem) for problem in problems]
        kept.add(need.pk)
        planned.append((need, skills, before))
    removed = [need for pk, need in existing.items() if pk not in kept]
    for need in removed:
        # Any pledge, even withdrawn: the ledger keeps every pledge's history (its need is PROTECTed).
        if need.pledges.exists():
            errors.append(_("“%(title)s” has pledges: it cannot be removed.") % {"title": need.title})
    if errors:
        raise ValidationError({"needs": errors})
    return planned, removed


def _pledged_need_problems(need: Need, before: dict[str, Any]) -> list[str]:
    pledged = _pledged_quantity(need)
    if not pledged:
        return []
    if (need.kind, need.unit) != (before["kind"], before["unit"]):
        return [_("it has pledges: its kind and unit cannot change.")]
    if need.target_quantity < pledged:
        return [
            _("%(pledged)s is already pledged: the target cannot be lower.")
            % {"pledged": f"{pledged.quantize(Decimal('0.01'))} {NeedUnit(need.unit).label}"}
        ]
    return []


def _needs_save(
    project: Project,
    planned: list[tuple[Need, list[Skill] | None, dict[str, Any] | None]],
    removed: list[Need],
    actor: Any,
) -> None:
    record = {"actor": actor, "city": project.city, "project_id": project.pk}
    for need in removed:
        event_record(subject=need, action=EventAction.DELETED, **record)
        need.delete()
    for need, skills, before in planned:
        need.project = project
        after = _need_snapshot(need)
        changes = changes_between(before, after) if before is not None else {}
        old_skills = sorted(need.skills.values_list("code", flat=True)) if need.pk else []
        need.save()
        if skills is not None:
            need.skills.set(skills)
            new_skills = sorted(skill.code for skill in skills)
            if new_skills != old_skills and before is not None:
                changes["skills"] = [old_skills, new_skills]
        if before is None:
            event_record(subject=need, action=EventAction.CREATED, **record)
        elif changes:
            event_record(subject=need, action=EventAction.CHANGED, changes=changes, **record)


def _partners_check(city: City, partners: Iterable[Organisation]) -> list[Organisation]:
    partners = list(dict.fromkeys(partners))
    if any(organisation.city_id != city.pk for organisation in partners):
        raise ValidationError({"partners": _("Choose partner NGOs of this city.")})
    return partners


def project_build(
    *,
    city: City,
    actor: Any,
    fields: dict[str, Any],
    themes: Sequence[Theme],
    needs: Sequence[Mapping[str, Any]],
    partners: Sequence[Organisation] = (),
    **proposer: Any,
) -> Project:
    themes = list(themes)
    project = Project(city=city, status=S.DRAFT, **fields, **proposer)
    project.title = (project.title or "").strip()
    project.slug = unique_slug(Project, city, project.title)
    _project_validate(project, themes=themes)
    partners = _partners_check(city, partners)
    planned, _removed = _needs_plan(project, needs)
    project.save()
    project.themes.set(themes)
    ProjectPartner.objects.bulk_create(
        ProjectPartner(project=project, organisation=organisation) for organisation in partners
    )
    event_record(subject=project, action=EventAction.CREATED, actor=actor, city=city, project_id=project.pk)
    _needs_save(project, planned, [], actor)
    return project


@transaction.atomic
def project_create(
    *,
    city: City,
    actor: Any,
    neighbourhood: Neighbourhood,
    title: str,
    summary: str,
    description: str,
    themes: Sequence[Theme],
    instrument: str,
    needs: Sequence[Mapping[str, Any]],
    campaign: Campaign | None = None,
    pledge_deadline: datetime | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Project:
    """A City project, saved as a draft in the acting officer's charge.

    Each need is a dict of Need fields (kind, title, target_quantity, unit, unit_value_eur, skills, ...);
    the unit defaults to EUR for funding and hours for volunteering.
    """
    if not is_officer_of(actor, city):
        raise ValidationError(_("Only an officer of this city may create its projects."), code="forbidden")
    fields = {
        "neighbourhood": neighbourhood,
        "title": title,
        "summary": summary,
        "description": description,
        "instrument": instrument,
        "campaign": campaign,
        "pledge_deadline": pledge_deadline,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "owner": actor,
    }
    return project_build(city=city, actor=actor, fields=fields, themes=themes, needs=needs)


def _project_snapshot(project: Project) -> dict[str, Any]:
    snapshot = {field: getattr(project, field) for field in PROJECT_EDITABLE_FIELDS}
    snapshot["neighbourhood"] = str(project.neighbourhood)
    snapshot["themes"] = sorted(project.themes.values_list("code", flat=True))
    snapshot["partners"] = sorted(str(organisation) for organisation in project.partners.all())
    return snapshot


def _may_edit(project: Project, actor: Any) -> bool:
    roles = _roles(project, actor) - {SYSTEM}
    if OFFICER in roles and project.status != S.ARCHIVED:
        return True
    return PROPOSER in roles and project.status in PROPOSER_EDITABLE_STATUSES


@transaction.atomic
def project_update(*, project: Project, actor: Any, **changes: Any) -> Project:
    """Edit a project's fields, themes, partners and needs, recording what changed.

    `changes` holds any of PROJECT_EDITABLE_FIELDS, `themes`, `partners` and `needs` (the full new list:
    a dict with the `id` of an existing need edits it, one without adds a need, a need left out is
    removed). Status and campaign have their own services.
    """
    unknown = set(changes) - {*PROJECT_EDITABLE_FIELDS, "themes", "partners", "needs"}
    if unknown:
        raise TypeError(f"project_update cannot change {sorted(unknown)}")
    locked = Project.objects.select_for_update().select_related("city", "neighbourhood").get(pk=project.pk)
    if not _may_edit(locked, actor):
        raise _forbidden()
    before = _project_snapshot(locked)
    for field in PROJECT_EDITABLE_FIELDS:
        if field in changes:
            setattr(locked, field, changes[field])
    locked.title = (locked.title or "").strip()
    themes = list(changes["themes"]) if "themes" in changes else list(locked.themes.all())
    _project_validate(locked, themes=themes)
    partners = _partners_check(locked.city, changes.get("partners", ()))
    planned, removed = _needs_plan(locked, changes["needs"]) if "needs" in changes else ([], [])
    if "needs" in changes and not planned and locked.status != S.DRAFT:
        raise ValidationError({"needs": _("A project that is not a draft keeps at least one need.")})

    locked.save()
    if "themes" in changes:
        locked.themes.set(themes)
    if "partners" in changes:
        ProjectPartner.objects.filter(project=locked).exclude(organisation__in=partners).delete()
        for organisation in partners:
            ProjectPartner.objects.get_or_create(project=locked, organisation=organisation)
    after = _project_snapshot(locked)
    diff = changes_between(before, after)
    if diff:
        event_record(
            subject=locked,
            action=EventAction.CHANGED,
            actor=actor,
            city=locked.city,
            project_id=locked.pk,
            changes=diff,
        )
    if "needs" in changes:
        _needs_save(locked, planned, removed, actor)
    project.refresh_from_db()
    return locked


# --- impact report ---------------------------------------------------------------------------------


@transaction.atomic
def impact_report_submit(
    *,
    project: Project,
    actor: Any,
    people_reached: int,
    volunteer_hours: Decimal,
    money_spent_eur: Decimal,
    summary: str,
    photos: Sequence[UploadedFile],
) -> ImpactReport:
    """Report what a completed project achieved, with photos, and move it to reported; all or nothing."""
    locked = Project.objects.select_for_update().select_related("city").get(pk=project.pk)
    if not _roles(locked, actor) & {OFFICER, PROPOSER}:
        raise _forbidden()
    _check_move(locked, S.REPORTED, actor)
    if ImpactReport.objects.filter(project=locked).exists():
        raise ValidationError(_("This project's impact report was already submitted."), code="duplicate")
    report = ImpactReport(
        project=locked,
        people_reached=people_reached,
        volunteer_hours=decimal_or_none(volunteer_hours),
        money_spent_eur=decimal_or_none(money_spent_eur),
        summary=(summary or "").strip(),
        submitted_by=actor,
    )
    errors: dict[str, list[str]] = {}
    try:
        report.full_clean(
            exclude=["project", "submitted_by"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    photo_types, photo_errors = [], []
    for photo in photos:
        try:
            photo_types.append(document_content_type(photo, images_only=True))
        except ValidationError as error:
            photo_errors += [f"{photo.name}: {message}" for message in error.messages]
    if not photos:
        photo_errors.append(_("Add at least one photo of what was done."))
    if photo_errors:
        errors["photos"] = photo_errors
    if errors:
        raise ValidationError(errors)

    report.save()
    for photo, content_type in zip(photos, photo_types, strict=True):
        ImpactPhoto.objects.create(report=report, image=photo, content_type=content_type)
    event_record(
        subject=report, action=EventAction.CREATED, actor=actor, city=locked.city, project_id=locked.pk
    )
    project_transition(project=locked, to_status=S.REPORTED, actor=actor)
    project.refresh_from_db()
    return report
