"""Pledges: the money, hours and goods companies promise against a project's needs.

The rules that keep pledges from over-committing a need live in ledger/services.py,
behind row locks; the constraints here are what no row may break.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from neighborhoods.models import City, Neighbourhood
from projects.models import Need
from taxonomy.models import Theme


def _receipt_path(pledge: "Pledge", filename: str) -> str:
    return f"pledges/{pledge.pk}/{filename}"


class PledgeQuerySet(models.QuerySet):
    def committed(self) -> "PledgeQuerySet":
        """Pledges that count against a need's target and a company's capacity."""
        return self.filter(status__in=Pledge.COMMITTED_STATUSES)

    def called(self) -> "PledgeQuerySet":
        """Pledges the City accepted (and perhaps already received): what covers a need for good."""
        return self.filter(status__in=Pledge.CALLED_STATUSES)

    def total_quantity(self) -> Decimal:
        return self.aggregate(total=Sum("quantity"))["total"] or Decimal("0")


class PledgeStatus(models.TextChoices):
    OFFERED = "offered", _("offered")
    ACCEPTED = "accepted", _("accepted")
    FULFILLED = "fulfilled", _("fulfilled")
    WITHDRAWN = "withdrawn", _("withdrawn")
    DECLINED = "declined", _("declined")
    EXPIRED = "expired", _("expired")
    RELEASED = "released", _("released")


class Pledge(models.Model):
    Status = PledgeStatus

    COMMITTED_STATUSES = (Status.OFFERED, Status.ACCEPTED, Status.FULFILLED)
    CALLED_STATUSES = (Status.ACCEPTED, Status.FULFILLED)

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("company")
    )
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("need"))
    quantity = models.DecimalField(
        _("quantity"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    value_eur = models.DecimalField(
        _("declared value (EUR)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("The money, or the declared value of the hours or goods."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OFFERED)
    message = models.TextField(_("message"), blank=True)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pledges_offered",
        verbose_name=_("offered by"),
    )
    offered_at = models.DateTimeField(_("offered"), auto_now_add=True)
    expires_at = models.DateTimeField(
        _("expires if unanswered"),
        null=True,
        blank=True,
        help_text=_("Set when offered, from the city's waiting period."),
    )
    beyond_capacity_confirmed = models.BooleanField(
        _("offered beyond the declared capacity"),
        default=False,
        help_text=_("The company confirmed a pledge beyond its remaining yearly budget or hours."),
    )
    decided_at = models.DateTimeField(_("accepted or declined"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pledges_decided",
        verbose_name=_("accepted or declined by"),
    )
    fulfilled_at = models.DateTimeField(_("fulfilled"), null=True, blank=True)
    evidence_note = models.TextField(_("evidence"), blank=True)
    receipt = models.FileField(_("receipt"), upload_to=_receipt_path, max_length=255, blank=True)

    objects = PledgeQuerySet.as_manager()

    class Meta:
        ordering = ["-offered_at"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="pledge_quantity_positive"),
            models.CheckConstraint(condition=Q(value_eur__gte=0), name="pledge_value_non_negative"),
            models.CheckConstraint(condition=Q(status__in=PledgeStatus.values), name="pledge_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="fulfilled") | Q(fulfilled_at__isnull=False),
                name="pledge_fulfilled_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["need", "status"], name="pledge_need_status"),
            models.Index(fields=["company", "status"], name="pledge_company_status"),
        ]

    def __str__(self) -> str:
        return f"{self.company} → {self.need} ({self.quantity})"


class FundStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class FundQuerySet(models.QuerySet):
    def open(self) -> "FundQuerySet":
        return self.filter(status=FundStatus.OPEN)


class Fund(models.Model):
    """A match-funding pot: the City's or a sponsor company's, matching accepted funding pledges by its rules.

    `matched_eur` is the running total of its active matches, kept beside the pot so that the database
    itself refuses a pot that would go negative (services update both under a row lock).
    """

    Status = FundStatus

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="funds", verbose_name=_("city"))
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220)
    description = models.TextField(_("description"), blank=True)
    sponsor = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funds",
        verbose_name=_("sponsor company"),
        help_text=_("Empty for the City's own fund."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    pot_eur = models.DecimalField(_("pot (EUR)"), max_digits=14, decimal_places=2)
    matched_eur = models.DecimalField(_("matched so far (EUR)"), max_digits=14, decimal_places=2, default=0)
    ratio = models.DecimalField(
        _("euros matched per euro pledged"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1.00"),
        help_text=_("1.00 doubles a pledge (1:1); 0.50 adds half of it."),
    )
    cap_per_pledge_eur = models.DecimalField(
        _("cap per pledge (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    cap_per_company_eur = models.DecimalField(
        _("cap per company (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    cap_per_project_eur = models.DecimalField(
        _("cap per project (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    threshold_share = models.DecimalField(
        _("matching starts at this share of the target"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_(
            "0.25: pledges are matched once a project's funding has reached a quarter of its target."
        ),
    )
    themes = models.ManyToManyField(
        Theme, related_name="funds", blank=True, verbose_name=_("eligible urban challenges")
    )
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, related_name="funds", blank=True, verbose_name=_("eligible neighbourhoods")
    )
    instruments = models.JSONField(
        _("eligible instruments"), default=list, blank=True, help_text=_("Empty: every instrument.")
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        default=100,
        help_text=_("Where several funds match one pledge, lower numbers match first."),
    )
    opens_on = models.DateField(_("opens"), null=True, blank=True)
    closes_on = models.DateField(_("closes"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = FundQuerySet.as_manager()

    class Meta:
        ordering = ["priority", "id"]
        verbose_name = _("match fund")
        verbose_name_plural = _("match funds")
        constraints = [
            models.UniqueConstraint(fields=["city", "slug"], name="fund_slug_unique_in_city"),
            models.CheckConstraint(condition=Q(status__in=FundStatus.values), name="fund_status_valid"),
            models.CheckConstraint(condition=Q(pot_eur__gt=0), name="fund_pot_positive"),
            models.CheckConstraint(
                condition=Q(matched_eur__gte=0) & Q(matched_eur__lte=F("pot_eur")),
                name="fund_pot_never_overdrawn",
            ),
            models.CheckConstraint(condition=Q(ratio__gt=0), name="fund_ratio_positive"),
            models.CheckConstraint(
                condition=(Q(cap_per_pledge_eur__isnull=True) | Q(cap_per_pledge_eur__gt=0))
                & (Q(cap_per_company_eur__isnull=True) | Q(cap_per_company_eur__gt=0))
                & (Q(cap_per_project_eur__isnull=True) | Q(cap_per_project_eur__gt=0)),
                name="fund_caps_positive",
            ),
            models.CheckConstraint(
                condition=Q(threshold_share__isnull=True)
                | (Q(threshold_share__gte=0) & Q(threshold_share__lte=1)),
                name="fund_threshold_is_share",
            ),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(closes_on__gte=F("opens_on")),
                name="fund_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def remaining_eur(self) -> Decimal:
        return self.pot_eur - self.matched_eur


class FundMatchStatus(models.TextChoices):
    ACTIVE = "active", _("matched")
    RETURNED = "returned", _("given back")


class FundMatch(models.Model):
    """What one fund added to one accepted pledge; given back to the pot if the pledge falls through."""

    Status = FundMatchStatus

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="matches", verbose_name=_("fund"))
    pledge = models.ForeignKey(
        Pledge, on_delete=models.PROTECT, related_name="fund_matches", verbose_name=_("pledge")
    )
    amount_eur = models.DecimalField(_("matched (EUR)"), max_digits=14, decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    matched_at = models.DateTimeField(_("matched"), auto_now_add=True)
    returned_at = models.DateTimeField(_("given back"), null=True, blank=True)

    class Meta:
        ordering = ["-matched_at"]
        verbose_name = _("fund match")
        verbose_name_plural = _("fund matches")
        constraints = [
            models.UniqueConstraint(fields=["fund", "pledge"], name="fund_match_once_per_pledge"),
            models.CheckConstraint(condition=Q(amount_eur__gt=0), name="fund_match_amount_positive"),
            models.CheckConstraint(
                condition=Q(status__in=FundMatchStatus.values), name="fund_match_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="active", returned_at__isnull=True)
                | Q(status="returned", returned_at__isnull=False),
                name="fund_match_returned_has_date",
            ),
        ]
        indexes = [models.Index(fields=["fund", "status"], name="fund_match_fund_status")]

    def __str__(self) -> str:
        return f"{self.fund} + {self.amount_eur} → {self.pledge}"
