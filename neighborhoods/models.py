"""Geography: cities, their districts and neighbourhoods, indicators, need index and the City's strategy.

Every lookup of a neighbourhood goes through its city (`city.neighbourhoods.get(code=...)`):
Milan is the first city of a network, and official ids are only unique within one city.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Theme


class City(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    country_code = models.CharField(_("country"), max_length=2, default="IT")
    district_label = models.CharField(
        _("name of a district"),
        max_length=60,
        default="Municipio",
        help_text=_("What the city calls a district."),
    )
    neighbourhood_label = models.CharField(
        _("name of a neighbourhood"),
        max_length=60,
        default="NIL",
        help_text=_("What the city calls a neighbourhood."),
    )
    data_attribution = models.CharField(
        _("data attribution"),
        max_length=255,
        blank=True,
        help_text=_("Shown wherever the city's open data appear, as its licence requires."),
    )
    centroid_lat = models.FloatField(_("centre latitude"), null=True, blank=True)
    centroid_lon = models.FloatField(_("centre longitude"), null=True, blank=True)
    need_index_min_population = models.PositiveIntegerField(
        _("minimum population for social indicators"),
        default=500,
        help_text=_(
            "Below this many residents a neighbourhood's per-resident shares are too noisy to rank; "
            "its need index then rests on the other indicators."
        ),
    )
    need_index_computed_at = models.DateTimeField(_("need index computed at"), null=True, blank=True)
    pledge_offer_days = models.PositiveSmallIntegerField(
        _("days an offered pledge waits for an answer"),
        default=14,
        help_text=_(
            "After this many days unanswered, an offered pledge expires and frees the company's capacity."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        constraints = [
            models.CheckConstraint(
                condition=Q(pledge_offer_days__gte=1), name="city_pledge_offer_days_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """An administrative district: one of Milan's 9 Municipi."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="districts", verbose_name=_("city"))
    code = models.CharField(_("official id"), max_length=20)
    name = models.CharField(_("name"), max_length=120)
    boundary = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=9, decimal_places=3, null=True, blank=True)

    class Meta:
        ordering = ["city", "code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.UniqueConstraint(fields=["city", "code"], name="district_code_unique_in_city"),
        ]

    def __str__(self) -> str:
        return self.name


class NeighbourhoodQuerySet(models.QuerySet):
    def by_need(self) -> "NeighbourhoodQuerySet":
        return self.order_by(models.F("need_index").desc(nulls_last=True), "name")


class Neighbourhood(models.Model):
    """A neighbourhood with an official id: one of Milan's 88 NIL (Nuclei d'Identità Locale)."""

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="neighbourhoods", verbose_name=_("city")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="neighbourhoods",
        verbose_name=_("district"),
        help_text=_("The district holding the largest share of its area."),
    )
    code = models.CharField(_("official id"), max_length=20)
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140)
    boundary = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)
    centroid_lat = models.FloatField(_("centroid latitude"), null=True, blank=True)
    centroid_lon = models.FloatField(_("centroid longitude"), null=True, blank=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=9, decimal_places=3, null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    # Denormalised from NeedIndexComponent by neighborhoods.services.need_index_recompute.
    need_index = models.DecimalField(
        _("need index"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    need_rank = models.PositiveSmallIntegerField(_("rank by need"), null=True, blank=True)
    need_index_coverage = models.DecimalField(
        _("share of the index's weight with data"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("1 when every weighted indicator had a value for this neighbourhood."),
    )

    objects = NeighbourhoodQuerySet.as_manager()

    class Meta:
        ordering = ["city", "name"]
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        constraints = [
            models.UniqueConstraint(fields=["city", "code"], name="neighbourhood_code_unique_in_city"),
            models.UniqueConstraint(fields=["city", "slug"], name="neighbourhood_slug_unique_in_city"),
            models.CheckConstraint(
                condition=Q(need_index__isnull=True) | Q(need_index__gte=0, need_index__lte=100),
                name="neighbourhood_need_index_0_to_100",
            ),
            models.CheckConstraint(
                condition=Q(need_index_coverage__isnull=True)
                | Q(need_index_coverage__gte=0, need_index_coverage__lte=1),
                name="neighbourhood_need_coverage_0_to_1",
            ),
            models.CheckConstraint(
                condition=Q(need_rank__isnull=True) | Q(need_rank__gte=1),
                name="neighbourhood_need_rank_positive",
            ),
            models.CheckConstraint(
                condition=Q(centroid_lat__isnull=True) | Q(centroid_lat__gte=-90, centroid_lat__lte=90),
                name="neighbourhood_centroid_lat_range",
            ),
            models.CheckConstraint(
                condition=Q(centroid_lon__isnull=True) | Q(centroid_lon__gte=-180, centroid_lon__lte=180),
                name="neighbourhood_centroid_lon_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.city.neighbourhood_label} {self.code})"


class NeighbourhoodDistrictShare(models.Model):
    """The share of a neighbourhood's area in each district.

    Milan's NIL boundaries (2020) straddle its Municipi (2017), so a NIL keeps its shares.
    """

    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.CASCADE,
        related_name="district_shares",
        verbose_name=_("neighbourhood"),
    )
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="neighbourhood_shares", verbose_name=_("district")
    )
    share = models.DecimalField(_("share of area"), max_digits=5, decimal_places=4)

    class Meta:
        ordering = ["neighbourhood", "-share"]
        verbose_name = _("district share")
        verbose_name_plural = _("district shares")
        constraints = [
            models.UniqueConstraint(fields=["neighbourhood", "district"], name="district_share_unique"),
            models.CheckConstraint(condition=Q(share__gt=0, share__lte=1), name="district_share_in_0_1"),
        ]

    def __str__(self) -> str:
        return f"{self.neighbourhood.name} · {self.district.name}: {self.share:.0%}"


class Indicator(models.Model):
    """A measured property of a city's neighbourhoods, with its source and the year of its figures."""

    class Direction(models.TextChoices):
        HIGHER_IS_NEEDIER = "higher", _("higher values mean more need")
        LOWER_IS_NEEDIER = "lower", _("lower values mean more need")

    class Kind(models.TextChoices):
        SOCIAL = "social", _("social (per resident)")
        ENVIRONMENTAL = "environmental", _("environmental")
        CONTEXT = "context", _("context")

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("city")
    )
    code = models.SlugField(_("code"), max_length=60)
    name_it = models.CharField(_("name (Italian)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CONTEXT)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER_IS_NEEDIER
    )
    year = models.PositiveSmallIntegerField(_("year of the figures"))
    source = models.CharField(_("source"), max_length=255)

    class Meta:
        ordering = ["city", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["city", "code"], name="indicator_code_unique_in_city"),
            models.CheckConstraint(
                condition=Q(kind__in=["social", "environmental", "context"]), name="indicator_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(direction__in=["higher", "lower"]), name="indicator_direction_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name_en if (get_language() or "it").startswith("en") else self.name_it


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.CASCADE,
        related_name="indicator_values",
        verbose_name=_("neighbourhood"),
    )
    value = models.FloatField(_("value"))

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "neighbourhood"], name="indicator_value_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.neighbourhood.name}: {self.value:g}"


class NeedIndexWeight(models.Model):
    """How much one indicator counts in its city's need index. Officers edit these in the admin."""

    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="need_weight", verbose_name=_("indicator")
    )
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=3)

    class Meta:
        ordering = ["-weight"]
        verbose_name = _("need index weight")
        verbose_name_plural = _("need index weights")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=0, weight__lte=100), name="need_weight_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.weight}"


class NeedIndexComponent(models.Model):
    """One indicator's part in a neighbourhood's need index, kept so a page can say why it ranks there."""

    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.CASCADE,
        related_name="need_components",
        verbose_name=_("neighbourhood"),
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="need_components", verbose_name=_("indicator")
    )
    raw_value = models.FloatField(_("value"))
    normalised = models.FloatField(_("normalised score (0-1, 1 = most need)"))
    percentile = models.FloatField(_("share of neighbourhoods with less need on this indicator"))
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=3)
    contribution = models.FloatField(_("points of the index"))

    class Meta:
        ordering = ["neighbourhood", "-contribution"]
        verbose_name = _("need index component")
        verbose_name_plural = _("need index components")
        constraints = [
            models.UniqueConstraint(fields=["neighbourhood", "indicator"], name="need_component_unique"),
            models.CheckConstraint(
                condition=Q(normalised__gte=0, normalised__lte=1), name="need_component_normalised_0_1"
            ),
            models.CheckConstraint(
                condition=Q(percentile__gte=0, percentile__lte=1), name="need_component_percentile_0_1"
            ),
            models.CheckConstraint(
                condition=Q(contribution__gte=0, contribution__lte=100),
                name="need_component_contribution_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.neighbourhood.name} · {self.indicator.code}: {self.contribution:.1f}"


class NeighbourhoodPriority(models.Model):
    """The City's strategy for a neighbourhood: the urban challenges it gives priority to there, ranked."""

    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("neighbourhood")
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="priorities", verbose_name=_("urban challenge")
    )
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("1 is the City's first priority here."))
    statement = models.TextField(_("statement"), max_length=1000, blank=True)

    class Meta:
        ordering = ["neighbourhood", "rank"]
        verbose_name = _("City priority")
        verbose_name_plural = _("City priorities")
        constraints = [
            models.UniqueConstraint(
                fields=["neighbourhood", "theme"], name="priority_theme_once_per_neighbourhood"
            ),
            models.UniqueConstraint(
                fields=["neighbourhood", "rank"], name="priority_rank_unique_per_neighbourhood"
            ),
            models.CheckConstraint(condition=Q(rank__gte=1), name="priority_rank_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.theme}"
