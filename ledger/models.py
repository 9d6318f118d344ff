"""Pledges: the money, hours and goods companies promise against a project's needs.

The rules that keep pledges from over-committing a need live in ledger/services.py,
behind row locks; the constraints here are what no row may break.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from projects.models import Need


class PledgeQuerySet(models.QuerySet):
    def committed(self) -> "PledgeQuerySet":
        """Pledges that count against a need's target and a company's capacity."""
        return self.filter(status__in=Pledge.COMMITTED_STATUSES)

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
    decided_at = models.DateTimeField(_("accepted or declined"), null=True, blank=True)
    fulfilled_at = models.DateTimeField(_("fulfilled"), null=True, blank=True)
    evidence_note = models.TextField(_("evidence"), blank=True)

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
