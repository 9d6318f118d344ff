"""Shared vocabularies: the urban challenges (themes), the UN SDGs they serve, and skills.

Names are stored in Italian and English because they are data the City edits, not
strings in the code; `name` picks the one for the active language.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualNameMixin(models.Model):
    name_it = models.CharField(_("name (Italian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "it").startswith("en") else self.name_it


class SustainableDevelopmentGoal(BilingualNameMixin):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("UN sustainable development goal")
        verbose_name_plural = _("UN sustainable development goals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=17), name="sdg_number_1_to_17"
            ),
        ]

    def __str__(self) -> str:
        return f"SDG {self.number} · {self.name}"


class Theme(BilingualNameMixin):
    """An urban challenge the City works on: social inclusion, greening, ..."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    description_it = models.TextField(_("description (Italian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    sdgs = models.ManyToManyField(SustainableDevelopmentGoal, related_name="themes", verbose_name=_("SDGs"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("urban challenge")
        verbose_name_plural = _("urban challenges")

    @property
    def description(self) -> str:
        return self.description_en if (get_language() or "it").startswith("en") else self.description_it


class Skill(BilingualNameMixin):
    """A skill a volunteering need asks for and a company's people offer."""

    code = models.SlugField(_("code"), max_length=40, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
