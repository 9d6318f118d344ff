"""What the matching engine needs from the database and what it leaves there.

The scoring itself is `matching.engine` (pure); `selectors.py` builds its inputs and `services.py`
stores its results here: the weights a City's officers tune, each nightly run with its progress and
timings, its per-chunk staging, and the matches both sides read.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Site
from matching import engine
from neighborhoods.models import City
from projects.models import Project

_DEFAULTS = engine.Weights()
COMPONENT_FIELDS = engine.COMPONENTS


def _weight_field(name: str, label: str) -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=5, decimal_places=3, default=Decimal(str(getattr(_DEFAULTS, name)))
    )


class MatchingWeights(models.Model):
    """How much each component counts in a city's fit. Officers edit these in the admin, no deploy needed."""

    city = models.OneToOneField(
        City, on_delete=models.CASCADE, related_name="matching_weights", verbose_name=_("city")
    )
    theme = _weight_field("theme", _("themes in common"))
    city_priority = _weight_field("city_priority", _("City priority"))
    proximity = _weight_field("proximity", _("proximity"))
    need = _weight_field("need", _("neighbourhood need"))
    capacity = _weight_field("capacity", _("capacity to cover the gap"))
    skills = _weight_field("skills", _("skills"))
    text = _weight_field("text", _("similar texts"))
    history = _weight_field("history", _("history and preferences"))
    proximity_half_km = models.DecimalField(
        _("distance halving proximity (km)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(str(_DEFAULTS.proximity_half_km)),
        help_text=_("At this distance from a company's nearest site, proximity counts half."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("matching weights")
        verbose_name_plural = _("matching weights")
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{name}__gte": 0 for name in COMPONENT_FIELDS}),
                name="matching_weights_non_negative",
            ),
            models.CheckConstraint(
                condition=Q.create([(f"{name}__gt", 0) for name in COMPONENT_FIELDS], connector=Q.OR),
                name="matching_weights_not_all_zero",
            ),
            models.CheckConstraint(
                condition=Q(proximity_half_km__gt=0), name="matching_weights_half_km_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(self.city)

    def as_engine(self) -> engine.Weights:
        values = {name: float(getattr(self, name)) for name in COMPONENT_FIELDS}
        return engine.Weights(**values, proximity_half_km=float(self.proximity_half_km))


class MatchingRunStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class MatchingRunStage(models.TextChoices):
    PREPARE = "prepare", _("loading the inputs")
    SCORE = "score", _("scoring the chunks")
    FINALIZE = "finalize", _("storing the matches")
    DONE = "done", _("done")


class MatchingRun(models.Model):
    """One re-scoring of a city: prepare, N chunks, finalize. Its progress is what a page shows."""

    Status = MatchingRunStatus
    Stage = MatchingRunStage

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="matching_runs", verbose_name=_("city")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.PREPARE)
    k = models.PositiveSmallIntegerField(_("matches kept each way"), default=50)
    chunk_size = models.PositiveIntegerField(_("companies per chunk"), default=10_000)
    chunks_total = models.PositiveIntegerField(_("chunks"), default=0)
    chunks_done = models.PositiveIntegerField(_("chunks done"), default=0)
    weights = models.JSONField(_("weights used"), default=dict, blank=True)
    timings = models.JSONField(_("seconds per stage"), default=dict, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MatchingRunStatus.values), name="matching_run_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(stage__in=MatchingRunStage.values), name="matching_run_stage_valid"
            ),
            models.CheckConstraint(
                condition=Q(chunks_done__lte=models.F("chunks_total")),
                name="matching_run_chunks_done_le_total",
            ),
            models.CheckConstraint(condition=Q(k__gte=1), name="matching_run_k_positive"),
            models.CheckConstraint(condition=Q(chunk_size__gte=1), name="matching_run_chunk_size_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.city} · {self.created_at:%Y-%m-%d %H:%M} · {self.get_status_display()}"

    @property
    def progress(self) -> float:
        """Share of the chunks scored, 0 to 1: what a progress bar shows."""
        if self.status == MatchingRunStatus.DONE:
            return 1.0
        return self.chunks_done / self.chunks_total if self.chunks_total else 0.0


class MatchingRunInput(models.Model):
    """What every chunk of a run shares, fixed once by the prepare stage: the projects as arrays, the
    companies' ids and text vectors (so every chunk, on whichever machine, scores the same inputs)."""

    run = models.OneToOneField(
        MatchingRun, on_delete=models.CASCADE, related_name="input", verbose_name=_("matching run")
    )
    arrays = models.BinaryField(_("arrays (npz)"))

    class Meta:
        verbose_name = _("matching run input")
        verbose_name_plural = _("matching run inputs")

    def __str__(self) -> str:
        return str(self.run_id)


class MatchingChunk(models.Model):
    """Staging: one chunk's company-side lists and project-side candidates, with their components."""

    run = models.ForeignKey(
        MatchingRun, on_delete=models.CASCADE, related_name="chunks", verbose_name=_("matching run")
    )
    chunk = models.PositiveIntegerField(_("chunk"))
    companies = models.PositiveIntegerField(_("companies"), default=0)
    arrays = models.BinaryField(_("arrays (npz)"))
    timings = models.JSONField(_("seconds per stage"), default=dict, blank=True)
    finished_at = models.DateTimeField(_("finished"), auto_now=True)

    class Meta:
        ordering = ["run", "chunk"]
        verbose_name = _("matching chunk")
        verbose_name_plural = _("matching chunks")
        constraints = [
            models.UniqueConstraint(fields=["run", "chunk"], name="matching_chunk_once_per_run"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id} · {self.chunk}"


class MatchQuerySet(models.QuerySet):
    def for_company(self, company: Company) -> "MatchQuerySet":
        """Its best projects, best first."""
        return self.filter(company=company, rank_for_company__isnull=False).order_by("rank_for_company")

    def for_project(self, project: Project) -> "MatchQuerySet":
        """Its best companies, best first."""
        return self.filter(project=project, rank_for_project__isnull=False).order_by("rank_for_project")


def _component_field(label: str) -> models.FloatField:
    return models.FloatField(label, default=0.0)


class MatchCoversWith(models.IntegerChoices):
    BUDGET = 1, _("remaining budget")
    HOURS = 2, _("volunteer hours")


class Match(models.Model):
    """How well a company fits a project, why, and where each ranks the other.

    A derived table, rewritten in bulk every night: its references carry no database constraint, because
    checking 5.5M deferred foreign keys doubled the nightly write (97 s more at commit, measured).
    Django's ORM still cascades deletes of a city, company or project; the job drops rows whose company
    or project vanished while it ran; a vanished site only drops its sentence. The explanation facts
    are typed columns that `explain.py` renders.
    """

    CoversWith = MatchCoversWith

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, db_constraint=False, related_name="matches", verbose_name=_("city")
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        db_constraint=False,
        db_index=False,  # match_once_per_pair starts with it
        related_name="matches",
        verbose_name=_("company"),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="matches",
        verbose_name=_("project"),
    )
    score = models.FloatField(_("fit"))
    theme = _component_field(_("themes in common"))
    city_priority = _component_field(_("City priority"))
    proximity = _component_field(_("proximity"))
    need = _component_field(_("neighbourhood need"))
    capacity = _component_field(_("capacity to cover the gap"))
    skills = _component_field(_("skills"))
    text = _component_field(_("similar texts"))
    history = _component_field(_("history and preferences"))
    # The other six components always count; these two only when the project has a gap / asks skills.
    capacity_applies = models.BooleanField(_("capacity counts"), default=True)
    skills_applies = models.BooleanField(_("skills count"), default=False)
    rank_for_company = models.PositiveSmallIntegerField(
        _("rank among the company's projects"), null=True, blank=True
    )
    rank_for_project = models.PositiveSmallIntegerField(
        _("rank among the project's companies"), null=True, blank=True
    )
    # What the explanations cite, as the engine saw it.
    nearest_site = models.ForeignKey(
        Site,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nearest site"),
    )
    km = models.FloatField(_("km from the nearest site"), null=True, blank=True)
    covers = models.FloatField(_("share of the gap covered"), default=0.0)
    covers_with = models.PositiveSmallIntegerField(
        _("covered with"), choices=CoversWith.choices, default=CoversWith.BUDGET
    )
    common_theme_mask = models.PositiveBigIntegerField(
        _("themes in common (bits by theme position)"), default=0
    )
    common_skill_mask = models.PositiveBigIntegerField(
        _("skills in common (bits by skill position)"), default=0
    )
    priority_rank = models.PositiveSmallIntegerField(_("best City priority rank (0: none)"), default=0)
    need_index = models.PositiveSmallIntegerField(_("need index"), default=0)
    need_top_share = models.FloatField(
        _("share of neighbourhoods at least as much in need (0: no index)"), default=0.0
    )
    preferred_neighbourhood = models.BooleanField(_("a preferred neighbourhood"), default=False)
    pledged_in_neighbourhood = models.BooleanField(_("pledged in the neighbourhood before"), default=False)
    pledged_on_theme = models.BooleanField(_("pledged on these themes before"), default=False)
    run = models.ForeignKey(
        MatchingRun,
        on_delete=models.SET_NULL,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="matches",
        verbose_name=_("matching run"),
    )
    computed_at = models.DateTimeField(_("computed"))

    objects = MatchQuerySet.as_manager()

    class Meta:
        ordering = ["company", "rank_for_company"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(fields=["company", "project"], name="match_once_per_pair"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=1), name="match_score_0_to_1"),
            models.CheckConstraint(
                condition=Q(**{f"{name}__gte": 0 for name in COMPONENT_FIELDS}),
                name="match_components_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(rank_for_company__isnull=False) | Q(rank_for_project__isnull=False),
                name="match_ranked_on_one_side",
            ),
            models.CheckConstraint(
                condition=Q(rank_for_company__isnull=True) | Q(rank_for_company__gte=1),
                name="match_rank_for_company_positive",
            ),
            models.CheckConstraint(
                condition=Q(rank_for_project__isnull=True) | Q(rank_for_project__gte=1),
                name="match_rank_for_project_positive",
            ),
            models.CheckConstraint(
                condition=Q(covers_with__in=MatchCoversWith.values), name="match_covers_with_valid"
            ),
        ]
        indexes = [
            models.Index(
                fields=["company", "rank_for_company"],
                condition=Q(rank_for_company__isnull=False),
                name="match_top_for_company",
            ),
            models.Index(
                fields=["project", "rank_for_project"],
                condition=Q(rank_for_project__isnull=False),
                name="match_top_for_project",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} ↔ {self.project}: {self.score:.2f}"

    @property
    def components(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in COMPONENT_FIELDS}

    @property
    def applied_components(self) -> list[str]:
        skipped = {"capacity": not self.capacity_applies, "skills": not self.skills_applies}
        return [name for name in COMPONENT_FIELDS if not skipped.get(name, False)]
