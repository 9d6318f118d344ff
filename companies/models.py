"""Companies, the sites they run in the city, and what they bring: themes, skills, budget and hours."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from companies.validators import validate_ateco_code, validate_partita_iva
from neighborhoods.models import City, Neighbourhood
from taxonomy.models import Skill, Theme


class Company(models.Model):
    class SizeClass(models.TextChoices):
        # EU Recommendation 2003/361 by headcount.
        MICRO = "micro", _("micro (under 10 people)")
        SMALL = "small", _("small (10-49)")
        MEDIUM = "medium", _("medium (50-249)")
        LARGE = "large", _("large (250 or more)")

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="companies", verbose_name=_("city"))
    legal_name = models.CharField(_("legal name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220)
    vat_number = models.CharField(
        _("VAT number (partita IVA)"), max_length=11, validators=[validate_partita_iva]
    )
    ateco_code = models.CharField(
        _("ATECO sector"), max_length=8, validators=[validate_ateco_code], help_text=_("For example 62.01.")
    )
    size_class = models.CharField(_("size"), max_length=10, choices=SizeClass.choices)
    website = models.URLField(_("website"), blank=True)
    themes = models.ManyToManyField(Theme, related_name="companies", blank=True, verbose_name=_("themes"))
    skills = models.ManyToManyField(
        Skill, related_name="companies", blank=True, verbose_name=_("skills offered")
    )
    preferred_neighbourhoods = models.ManyToManyField(
        Neighbourhood,
        related_name="preferred_by_companies",
        blank=True,
        verbose_name=_("preferred neighbourhoods"),
    )
    csr_statement = models.TextField(_("CSR statement"), blank=True)
    csr_budget_eur = models.DecimalField(
        _("yearly CSR budget (EUR)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal(0))],
    )
    volunteer_hours_per_year = models.PositiveIntegerField(_("yearly volunteer hours"), default=0)
    public_consent = models.BooleanField(
        _("may be named in public"),
        default=False,
        help_text=_("Only then do public pages name the company beside its pledges."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["legal_name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        constraints = [
            models.UniqueConstraint(fields=["city", "vat_number"], name="company_vat_unique_in_city"),
            models.UniqueConstraint(fields=["city", "slug"], name="company_slug_unique_in_city"),
            models.CheckConstraint(condition=Q(csr_budget_eur__gte=0), name="company_budget_non_negative"),
            models.CheckConstraint(
                condition=Q(size_class__in=["micro", "small", "medium", "large"]),
                name="company_size_class_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name


class Site(models.Model):
    """A place where the company works in the city: where its volunteers would come from."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="sites", verbose_name=_("company")
    )
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.FloatField(_("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="company_sites",
        verbose_name=_("neighbourhood"),
    )
    employees = models.PositiveIntegerField(_("people working here"), null=True, blank=True)
    is_headquarters = models.BooleanField(_("headquarters"), default=False)

    class Meta:
        ordering = ["company", "name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="site_name_unique_in_company"),
            models.UniqueConstraint(
                fields=["company"],
                condition=Q(is_headquarters=True),
                name="site_one_headquarters_per_company",
            ),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90), name="site_latitude_range"
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180, longitude__lte=180), name="site_longitude_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} · {self.name}"
