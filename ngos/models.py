"""Third-sector organisations (Enti del Terzo Settore) that partner on projects and answer calls."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from neighborhoods.models import City, Neighbourhood
from ngos.validators import validate_entity_fiscal_code, validate_runts_number
from taxonomy.models import Theme


class OrganisationLegalForm(models.TextChoices):
    ODV = "odv", _("volunteering organisation (ODV)")
    APS = "aps", _("social promotion association (APS)")
    SOCIAL_COOPERATIVE = "coop", _("social cooperative")
    SOCIAL_ENTERPRISE = "social_enterprise", _("social enterprise")
    FOUNDATION = "foundation", _("foundation")
    ASSOCIATION = "association", _("other association")
    OTHER = "other", _("other third-sector body")


class Organisation(models.Model):
    LegalForm = OrganisationLegalForm

    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("city")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices)
    fiscal_code = models.CharField(_("fiscal code"), max_length=11, validators=[validate_entity_fiscal_code])
    runts_number = models.CharField(
        _("RUNTS number"),
        max_length=9,
        blank=True,
        validators=[validate_runts_number],
        help_text=_("Its number in the national third-sector registry, once enrolled."),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    themes = models.ManyToManyField(Theme, related_name="organisations", blank=True, verbose_name=_("themes"))
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, related_name="organisations", blank=True, verbose_name=_("neighbourhoods it works in")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("third-sector organisation")
        verbose_name_plural = _("third-sector organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["city", "fiscal_code"], name="organisation_fiscal_code_unique_in_city"
            ),
            models.UniqueConstraint(fields=["city", "slug"], name="organisation_slug_unique_in_city"),
            models.UniqueConstraint(
                fields=["runts_number"],
                condition=~Q(runts_number=""),
                name="organisation_runts_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(legal_form__in=OrganisationLegalForm.values),
                name="organisation_legal_form_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name
