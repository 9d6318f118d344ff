"""Regeneration projects, their needs, campaigns that group them, calls and NGO applications.

The rules that move a project through its life live in projects/services.py; the
constraints here are what no row may break whatever path wrote it.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from milanpartner.uploads import DOCUMENT_TYPES, IMAGE_TYPES
from neighborhoods.models import City, Neighbourhood
from ngos.models import Organisation
from taxonomy.models import Skill, Theme


def _in(field: str, choices: type[models.TextChoices]) -> Q:
    return Q(**{f"{field}__in": choices.values})


class Campaign(models.Model):
    """The City groups projects under one goal and period ("Milano più verde 2027")."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("city"))
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField(Theme, related_name="campaigns", blank=True, verbose_name=_("themes"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    target_eur = models.DecimalField(
        _("shared target (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.UniqueConstraint(fields=["city", "slug"], name="campaign_slug_unique_in_city"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="campaign_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(target_eur__isnull=True) | Q(target_eur__gt=0), name="campaign_target_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProjectQuerySet(models.QuerySet):
    def public(self) -> "ProjectQuerySet":
        return self.filter(status__in=Project.PUBLIC_STATUSES)

    def open_for_pledges(self) -> "ProjectQuerySet":
        return self.filter(status=Project.Status.PUBLISHED)

    def in_city(self, city: City) -> "ProjectQuerySet":
        return self.filter(city=city)

    def for_cards(self) -> "ProjectQuerySet":
        """What a project's card shows, in one query and one prefetch: neither the description nor the
        neighbourhood's shape, the longest columns, is loaded."""
        return (
            self.select_related("neighbourhood")
            .defer("description", "neighbourhood__boundary")
            .prefetch_related("themes")
        )


class ProjectInstrument(models.TextChoices):
    CALL = "call", _("call")
    CAMPAIGN = "campaign", _("campaign")
    COLLECTIVE_ACTION = "collective_action", _("collective action")
    FUNDRAISING = "fundraising", _("fundraising")
    SPONSORSHIP = "sponsorship", _("sponsorship")
    AWARD = "award", _("award")
    PUBLIC_PRIVATE_PARTNERSHIP = "ppp", _("public-private partnership")
    VOLUNTEERING = "volunteering", _("volunteering")


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PROPOSED = "proposed", _("proposed, awaiting the City's review")
    CHANGES_REQUESTED = "changes_requested", _("changes requested by the City")
    DECLINED = "declined", _("declined by the City")
    PUBLISHED = "published", _("published")
    FUNDED = "funded", _("funded")
    CLOSED = "closed", _("closed")
    IN_PROGRESS = "in_progress", _("in progress")
    COMPLETED = "completed", _("completed")
    REPORTED = "reported", _("reported")
    ARCHIVED = "archived", _("archived")


# What the public sees: published once, whatever happened since (archived projects leave the catalogue).
PUBLIC_PROJECT_STATUSES = (
    ProjectStatus.PUBLISHED,
    ProjectStatus.FUNDED,
    ProjectStatus.CLOSED,
    ProjectStatus.IN_PROGRESS,
    ProjectStatus.COMPLETED,
    ProjectStatus.REPORTED,
)


class ProjectOrigin(models.TextChoices):
    CITY = "city", _("the City")
    COMPANY = "company", _("a company's initiative")
    NGO = "ngo", _("an NGO's initiative")


class Project(models.Model):
    Instrument = ProjectInstrument
    Status = ProjectStatus
    Origin = ProjectOrigin

    PUBLIC_STATUSES = PUBLIC_PROJECT_STATUSES

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="projects", verbose_name=_("city"))
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, related_name="projects", verbose_name=_("neighbourhood")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"))
    themes = models.ManyToManyField(Theme, related_name="projects", verbose_name=_("urban challenges"))
    instrument = models.CharField(_("instrument"), max_length=20, choices=Instrument.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.CITY)
    proposed_by_company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("proposed by company"),
    )
    proposed_by_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("proposed by NGO"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_projects",
        verbose_name=_("officer in charge"),
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("campaign"),
    )
    partners = models.ManyToManyField(
        Organisation,
        through="ProjectPartner",
        related_name="partner_projects",
        blank=True,
        verbose_name=_("partner NGOs"),
    )
    pledge_deadline = models.DateTimeField(_("pledges close"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    review_note = models.TextField(
        _("the City's review"),
        blank=True,
        help_text=_("For an initiative: the changes the City asks for, or why it declined it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.UniqueConstraint(fields=["city", "slug"], name="project_slug_unique_in_city"),
            models.CheckConstraint(condition=_in("status", ProjectStatus), name="project_status_valid"),
            models.CheckConstraint(
                condition=_in("instrument", ProjectInstrument), name="project_instrument_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(origin="city", proposed_by_company__isnull=True, proposed_by_organisation__isnull=True)
                    | Q(
                        origin="company",
                        proposed_by_company__isnull=False,
                        proposed_by_organisation__isnull=True,
                    )
                    | Q(
                        origin="ngo", proposed_by_company__isnull=True, proposed_by_organisation__isnull=False
                    )
                ),
                name="project_origin_matches_proposer",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="project_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=PUBLIC_PROJECT_STATUSES) | Q(published_at__isnull=False),
                name="project_public_has_published_at",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["changes_requested", "declined"]) | ~Q(review_note=""),
                name="project_review_has_note",
            ),
        ]
        indexes = [
            models.Index(fields=["city", "status"], name="project_city_status"),
            # The catalogue's order: newest first, read in index order until a page is full.
            models.Index(fields=["city", "-published_at", "-id"], name="project_city_newest"),
        ]

    def __str__(self) -> str:
        return self.title


class ProjectPartner(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("project")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnerships", verbose_name=_("NGO")
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    since = models.DateField(_("partner since"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner NGO")
        verbose_name_plural = _("partner NGOs")
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation"], name="project_partner_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.project}"


class NeedKind(models.TextChoices):
    FUNDING = "funding", _("funding")
    VOLUNTEERING = "volunteering", _("volunteering")
    IN_KIND = "in_kind", _("goods in kind")


class NeedUnit(models.TextChoices):
    EUR = "eur", _("EUR")
    HOURS = "hours", _("hours")
    ITEMS = "items", _("items")
    KG = "kg", _("kg")
    M2 = "m2", _("m²")


class Need(models.Model):
    """Something concrete a project asks for: money, volunteer hours with skills and dates, or goods."""

    Kind = NeedKind
    Unit = NeedUnit

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="needs", verbose_name=_("project")
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    target_quantity = models.DecimalField(
        _("target quantity"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    unit_value_eur = models.DecimalField(
        _("value of one unit (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_(
            "So that reports can total every kind of support: 1 for funding, a declared value otherwise."
        ),
    )
    skills = models.ManyToManyField(Skill, related_name="needs", blank=True, verbose_name=_("skills asked"))
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    allow_oversubscription = models.BooleanField(_("pledges may pass the target"), default=False)
    all_or_nothing = models.BooleanField(
        _("all or nothing"),
        default=False,
        help_text=_(
            "Pledges are called only if the target is reached by the deadline, and released otherwise."
        ),
    )

    class Meta:
        ordering = ["project", "id"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            models.CheckConstraint(condition=Q(target_quantity__gt=0), name="need_target_positive"),
            models.CheckConstraint(condition=Q(unit_value_eur__gte=0), name="need_unit_value_non_negative"),
            models.CheckConstraint(condition=_in("kind", NeedKind), name="need_kind_valid"),
            models.CheckConstraint(
                condition=(
                    Q(kind="funding", unit="eur", unit_value_eur=1)
                    | Q(kind="volunteering", unit="hours")
                    | Q(kind="in_kind", unit__in=["items", "kg", "m2"])
                ),
                name="need_unit_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(all_or_nothing=False) | Q(kind="funding"), name="need_all_or_nothing_only_funding"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="need_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.target_quantity} {self.get_unit_display()})"


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")
    AWARDED = "awarded", _("awarded")


class Call(models.Model):
    """A call for proposals or partners, open to NGOs until its deadline."""

    Status = CallStatus

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="calls", verbose_name=_("city"))
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("project"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220)
    description = models.TextField(_("description"))
    eligibility = models.TextField(_("who may apply"))
    themes = models.ManyToManyField(Theme, related_name="calls", blank=True, verbose_name=_("themes"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_at = models.DateTimeField(_("opens"))
    deadline = models.DateTimeField(_("deadline"))
    budget_eur = models.DecimalField(
        _("budget (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_calls",
        verbose_name=_("officer in charge"),
    )

    class Meta:
        ordering = ["deadline"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.UniqueConstraint(fields=["city", "slug"], name="call_slug_unique_in_city"),
            models.CheckConstraint(
                condition=Q(deadline__gt=F("opens_at")), name="call_deadline_after_opening"
            ),
            models.CheckConstraint(condition=_in("status", CallStatus), name="call_status_valid"),
            models.CheckConstraint(
                condition=Q(budget_eur__isnull=True) | Q(budget_eur__gte=0), name="call_budget_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EvaluationCriterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("call"))
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("what reviewers look for"), blank=True)
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=10)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["call", "position", "id"]
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="criterion_name_unique_in_call"),
            models.CheckConstraint(condition=Q(weight__gt=0, weight__lte=100), name="criterion_weight_0_100"),
            models.CheckConstraint(condition=Q(max_score__gte=1), name="criterion_max_score_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight}%)"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    SHORTLISTED = "shortlisted", _("shortlisted")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Application(models.Model):
    """An NGO's proposal to a call, or to partner on a project directly."""

    Status = ApplicationStatus

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications", verbose_name=_("NGO")
    )
    call = models.ForeignKey(
        Call,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("call"),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("project"),
    )
    proposal = models.TextField(_("proposal"))
    budget_eur = models.DecimalField(
        _("budget asked (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("submitted by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(call__isnull=False, project__isnull=True)
                | Q(call__isnull=True, project__isnull=False),
                name="application_to_call_or_project",
            ),
            models.UniqueConstraint(
                fields=["call", "organisation"],
                condition=Q(call__isnull=False),
                name="application_once_per_call",
            ),
            models.UniqueConstraint(
                fields=["project", "organisation"],
                condition=Q(project__isnull=False),
                name="application_once_per_project",
            ),
            models.CheckConstraint(
                condition=_in("status", ApplicationStatus), name="application_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="application_submitted_has_date",
            ),
            models.CheckConstraint(
                condition=Q(budget_eur__isnull=True) | Q(budget_eur__gte=0),
                name="application_budget_non_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="application_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.call or self.project}"


class ApplicationScore(models.Model):
    """One reviewer's score of one application on one criterion of its call."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="scores", verbose_name=_("application")
    )
    criterion = models.ForeignKey(
        EvaluationCriterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterion")
    )
    # The score outlives its reviewer's account (the ranking rests on it): it is kept, no longer linked.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="application_scores",
        verbose_name=_("reviewer"),
    )
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("application score")
        verbose_name_plural = _("application scores")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion", "reviewer"], name="application_score_once_per_reviewer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


def _attachment_path(attachment: "ApplicationAttachment", filename: str) -> str:
    return f"applications/{attachment.application_id}/{filename}"


class ApplicationAttachment(models.Model):
    """A PDF or an image that goes with an application, its type read from its content on upload."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("application")
    )
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=DOCUMENT_TYPES), name="application_attachment_type_allowed"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class ImpactReport(models.Model):
    """What a completed project achieved: what turns it from completed into reported."""

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="impact_report", verbose_name=_("project")
    )
    people_reached = models.PositiveIntegerField(_("people reached"))
    volunteer_hours = models.DecimalField(
        _("volunteer hours given"),
        max_digits=10,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0))],
    )
    money_spent_eur = models.DecimalField(
        _("money spent (EUR)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    summary = models.TextField(_("what was achieved"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="impact_reports",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("impact report")
        verbose_name_plural = _("impact reports")
        constraints = [
            models.CheckConstraint(condition=Q(volunteer_hours__gte=0), name="impact_hours_non_negative"),
            models.CheckConstraint(condition=Q(money_spent_eur__gte=0), name="impact_money_non_negative"),
        ]

    def __str__(self) -> str:
        return str(self.project)


def _photo_path(photo: "ImpactPhoto", filename: str) -> str:
    return f"impact/{photo.report_id}/{filename}"


class ImpactPhoto(models.Model):
    report = models.ForeignKey(
        ImpactReport, on_delete=models.CASCADE, related_name="photos", verbose_name=_("impact report")
    )
    image = models.FileField(_("photo"), upload_to=_photo_path, max_length=255)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    content_type = models.CharField(_("type"), max_length=40)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=list(IMAGE_TYPES.values())), name="impact_photo_is_image"
            ),
        ]

    def __str__(self) -> str:
        return self.caption or self.image.name
