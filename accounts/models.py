"""Users and their one role: an officer of a city, or a member of one company or one NGO."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from neighborhoods.models import City
from ngos.models import Organisation


class User(AbstractUser):
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def membership_or_none(self) -> "Membership | None":
        try:
            return self.membership
        except Membership.DoesNotExist:
            return None


class MembershipQuerySet(models.QuerySet):
    def active(self) -> "MembershipQuerySet":
        return self.filter(status=Membership.Status.ACTIVE)


class Membership(models.Model):
    """The role that ties a user to a city, a company or an NGO: one per user.

    Several members per organisation; one of them, its admin, approves who joins.
    """

    class Role(models.TextChoices):
        OFFICER = "officer", _("municipal officer")
        COMPANY = "company", _("company member")
        NGO = "ngo", _("NGO member")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        ACTIVE = "active", _("active")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("city")
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("company"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("NGO"),
    )
    is_admin = models.BooleanField(_("organisation admin"), default=False)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role="officer", company__isnull=True, organisation__isnull=True)
                    | Q(role="company", company__isnull=False, organisation__isnull=True)
                    | Q(role="ngo", company__isnull=True, organisation__isnull=False)
                ),
                name="membership_role_matches_organisation",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "active"]), name="membership_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(is_admin=False) | Q(status="active"), name="membership_admin_is_active"
            ),
            models.UniqueConstraint(
                fields=["company"], condition=Q(is_admin=True), name="membership_one_admin_per_company"
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(is_admin=True),
                name="membership_one_admin_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE
