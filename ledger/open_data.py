"""What the public may read of the platform's data: the open datasets, and a project's public history.

No personal data: no user is named, nor any e-mail; a company is named only where it agreed to be named in
public (`Company.public_consent`), as on the project pages. Figures follow the impact dashboard
(ledger/impact.py): support counts as given once the City accepted it (or it was fulfilled), goods at
their declared value. The platform's data are under CC BY 4.0; the neighbourhoods' boundaries are the
City's open data and keep its attribution (`City.data_attribution`).

The pages serve these as CSV and GeoJSON; the API may serve the same rows.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.models import Event
from ledger.models import FundMatch, FundMatchStatus, Pledge
from neighborhoods.models import City
from projects.models import ImpactReport, Need, NeedKind, Project, ProjectOrigin
from projects.selectors import project_history

ZERO = Decimal("0.00")
LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class Field:
    name: str
    description: Promise


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: Promise
    description: Promise
    geometry: Promise
    fields: tuple[Field, ...]

    @property
    def field_names(self) -> list[str]:
        return [field.name for field in self.fields]


@dataclass(frozen=True)
class Record:
    """One row of a dataset: its values by field name, and the GeoJSON geometry it is placed at."""

    properties: dict[str, Any]
    geometry: dict[str, Any] | None


_SUPPORT_FIELDS = (
    Field("funding_committed_eur", _("Money pledged, not withdrawn, declined or expired (EUR).")),
    Field("funding_given_eur", _("Money pledged and accepted by the City, or given (EUR).")),
    Field("volunteering_committed_hours", _("Volunteer hours pledged, not withdrawn, declined or expired.")),
    Field("volunteering_given_hours", _("Volunteer hours pledged and accepted by the City, or given.")),
    Field("goods_given_eur", _("Goods accepted by the City, or given, at their declared value (EUR).")),
    Field("total_given_eur", _("Money, hours and goods accepted or given, all at their value (EUR).")),
    Field("match_funding_eur", _("What match-funding pots added to the accepted money pledges (EUR).")),
)

PROJECTS = Dataset(
    slug="projects",
    title=_("Projects"),
    description=_(
        "Every project the City has published, and the initiatives it endorsed: what each needs and the "
        "support pledged to it so far."
    ),
    geometry=_("A point at the centre of the project's neighbourhood."),
    fields=(
        Field("slug", _("The project's identifier in its address on the site.")),
        Field("title", _("Title.")),
        Field("status", _("published, funded, closed, in_progress, completed or reported.")),
        Field(
            "instrument",
            _("How the City runs it: call, award, ppp (public-private partnership), volunteering."),
        ),
        Field("origin", _("city for the City's projects; company or ngo for the initiatives it endorsed.")),
        Field("proposer", _("Who proposed an initiative: the NGO, or the company if it agreed to be named.")),
        Field("neighbourhood_code", _("The neighbourhood's official id.")),
        Field("neighbourhood_name", _("The neighbourhood's name.")),
        Field("district_code", _("The official id of the district holding the neighbourhood.")),
        Field("themes", _("The urban challenges it addresses, as codes separated by semicolons.")),
        Field("published_at", _("When the City published it (ISO 8601).")),
        Field("pledge_deadline", _("When pledges close (ISO 8601), if set.")),
        Field("starts_on", _("When the work starts, if set.")),
        Field("ends_on", _("When the work ends, if set.")),
        Field("funding_target_eur", _("The money its funding needs ask for (EUR).")),
        Field("volunteering_target_hours", _("The volunteer hours its volunteering needs ask for.")),
        *_SUPPORT_FIELDS,
        Field("supporting_companies", _("How many companies gave support the City accepted.")),
        Field("named_supporters", _("Those of them that agreed to be named, separated by semicolons.")),
        Field("url", _("The project's page.")),
    ),
)

NEIGHBOURHOODS = Dataset(
    slug="neighbourhoods",
    title=_("Pledges and impact by neighbourhood"),
    description=_(
        "For each neighbourhood: its need index, its projects, the support pledged and given to them, and "
        "what their impact reports say they achieved."
    ),
    geometry=_("The neighbourhood's boundary, from the City's open data (with its attribution)."),
    fields=(
        Field("code", _("The neighbourhood's official id.")),
        Field("name", _("The neighbourhood's name.")),
        Field("district_code", _("The official id of the district holding the largest share of its area.")),
        Field("district_name", _("The district's name.")),
        Field("population", _("Residents, as last counted.")),
        Field("need_index", _("The need index, 0 to 100 (higher is needier); see the method on the site.")),
        Field("need_rank", _("Its rank by need in the city (1 is the neediest).")),
        Field("public_projects", _("Projects published there.")),
        *_SUPPORT_FIELDS,
        Field("people_reached", _("People reached, as the impact reports of its completed projects say.")),
        Field("reported_volunteer_hours", _("Volunteer hours given, as the impact reports say.")),
        Field("reported_money_spent_eur", _("Money spent, as the impact reports say (EUR).")),
    ),
)

DATASETS: dict[str, Dataset] = {dataset.slug: dataset for dataset in (PROJECTS, NEIGHBOURHOODS)}


# --- support totals, by any grouping of pledges ------------------------------------------------------


def _sum(field: str, condition: Q) -> Coalesce:
    return Coalesce(
        Sum(field, filter=condition), Value(ZERO), output_field=DecimalField(max_digits=16, decimal_places=2)
    )


def _support(pledges: QuerySet[Pledge], group_by: str) -> dict[Any, dict[str, Decimal]]:
    committed = Q(status__in=Pledge.COMMITTED_STATUSES)
    given = Q(status__in=Pledge.CALLED_STATUSES)
    funding, volunteering = Q(need__kind=NeedKind.FUNDING), Q(need__kind=NeedKind.VOLUNTEERING)
    rows = (
        pledges.values(group_by)
        .annotate(
            funding_committed_eur=_sum("value_eur", committed & funding),
            funding_given_eur=_sum("value_eur", given & funding),
            volunteering_committed_hours=_sum("quantity", committed & volunteering),
            volunteering_given_hours=_sum("quantity", given & volunteering),
            goods_given_eur=_sum("value_eur", given & Q(need__kind=NeedKind.IN_KIND)),
            total_given_eur=_sum("value_eur", given),
        )
        .order_by()
    )
    totals = {row.pop(group_by): row for row in rows}
    matched = (
        FundMatch.objects.filter(pledge__in=pledges, status=FundMatchStatus.ACTIVE)
        .values(f"pledge__{group_by}")
        .annotate(total=Sum("amount_eur"))
        .order_by()
    )
    for row in matched:
        totals.setdefault(row[f"pledge__{group_by}"], {})["match_funding_eur"] = row["total"]
    return totals


def _cents(value: Decimal | None) -> Decimal:
    # Two places whatever the database's sum kept (SQLite's drops trailing zeros): "5000.00", not "5000".
    return (value or ZERO).quantize(ZERO)


def _support_fields(totals: dict[str, Decimal] | None) -> dict[str, Decimal]:
    return {field.name: _cents((totals or {}).get(field.name)) for field in _SUPPORT_FIELDS}


def _point(lon: float | None, lat: float | None) -> dict[str, Any] | None:
    return None if lon is None or lat is None else {"type": "Point", "coordinates": [lon, lat]}


# --- the datasets ------------------------------------------------------------------------------------


def _named_supporters(project_ids: list[int]) -> tuple[dict[int, list[str]], dict[int, int]]:
    rows = (
        Pledge.objects.called()
        .filter(need__project_id__in=project_ids)
        .values_list("need__project_id", "company_id", "company__legal_name", "company__public_consent")
        .distinct()
        .order_by("need__project_id", "company__legal_name")
    )
    named: dict[int, list[str]] = defaultdict(list)
    counts: dict[int, int] = defaultdict(int)
    for project_id, _company_id, legal_name, consent in rows:
        counts[project_id] += 1
        if consent:
            named[project_id].append(legal_name)
    return named, counts


def _proposer(project: Project) -> str:
    if project.origin == ProjectOrigin.NGO and project.proposed_by_organisation is not None:
        return project.proposed_by_organisation.name
    company = project.proposed_by_company
    return company.legal_name if company is not None and company.public_consent else ""


def open_projects(*, city: City, base_url: str = "") -> list[Record]:
    """The city's public projects, newest first: a handful of queries, whatever their number."""
    projects = list(
        Project.objects.in_city(city)
        .public()
        .select_related("neighbourhood__district", "proposed_by_company", "proposed_by_organisation")
        .defer("description", "neighbourhood__boundary", "neighbourhood__district__boundary")
        .prefetch_related("themes")
        .order_by("-published_at", "-id")
    )
    ids = [project.pk for project in projects]
    targets: dict[tuple[int, str], Decimal] = {
        (row["project_id"], row["kind"]): row["target"]
        for row in Need.objects.filter(project_id__in=ids)
        .values("project_id", "kind")
        .annotate(target=Sum("target_quantity"))
        .order_by()
    }
    support = _support(Pledge.objects.filter(need__project_id__in=ids), "need__project_id")
    named, supporters = _named_supporters(ids)
    records = []
    for project in projects:
        neighbourhood = project.neighbourhood
        path = reverse("web:project", kwargs={"city_slug": city.slug, "slug": project.slug})
        properties = {
            "slug": project.slug,
            "title": project.title,
            "status": project.status,
            "instrument": project.instrument,
            "origin": project.origin,
            "proposer": _proposer(project),
            "neighbourhood_code": neighbourhood.code,
            "neighbourhood_name": neighbourhood.name,
            "district_code": neighbourhood.district.code if neighbourhood.district else "",
            "themes": ";".join(sorted(theme.code for theme in project.themes.all())),
            "published_at": project.published_at,
            "pledge_deadline": project.pledge_deadline,
            "starts_on": project.starts_on,
            "ends_on": project.ends_on,
            "funding_target_eur": _cents(targets.get((project.pk, NeedKind.FUNDING))),
            "volunteering_target_hours": _cents(targets.get((project.pk, NeedKind.VOLUNTEERING))),
            **_support_fields(support.get(project.pk)),
            "supporting_companies": supporters.get(project.pk, 0),
            "named_supporters": ";".join(named.get(project.pk, [])),
            "url": base_url + path,
        }
        records.append(Record(properties, _point(neighbourhood.centroid_lon, neighbourhood.centroid_lat)))
    return records


def open_neighbourhoods(*, city: City, base_url: str = "") -> list[Record]:
    """The city's neighbourhoods by official id, with their support and impact totals and boundaries."""
    neighbourhoods = city.neighbourhoods.select_related("district").annotate(
        public_projects=Count("projects", filter=Q(projects__status__in=Project.PUBLIC_STATUSES))
    )
    support = _support(Pledge.objects.filter(need__project__city=city), "need__project__neighbourhood_id")
    reported = {
        row["project__neighbourhood_id"]: row
        for row in ImpactReport.objects.filter(project__city=city)
        .values("project__neighbourhood_id")
        .annotate(people=Sum("people_reached"), hours=Sum("volunteer_hours"), spent=Sum("money_spent_eur"))
        .order_by()
    }
    records = []
    for neighbourhood in neighbourhoods.order_by("code"):
        report = reported.get(neighbourhood.pk, {})
        properties = {
            "code": neighbourhood.code,
            "name": neighbourhood.name,
            "district_code": neighbourhood.district.code if neighbourhood.district else "",
            "district_name": neighbourhood.district.name if neighbourhood.district else "",
            "population": neighbourhood.population,
            "need_index": neighbourhood.need_index,
            "need_rank": neighbourhood.need_rank,
            "public_projects": neighbourhood.public_projects,
            **_support_fields(support.get(neighbourhood.pk)),
            "people_reached": report.get("people") or 0,
            "reported_volunteer_hours": (report.get("hours") or ZERO).quantize(Decimal("0.1")),
            "reported_money_spent_eur": _cents(report.get("spent")),
        }
        records.append(Record(properties, neighbourhood.boundary or None))
    return records


BUILDERS: dict[str, Callable[..., list[Record]]] = {
    PROJECTS.slug: open_projects,
    NEIGHBOURHOODS.slug: open_neighbourhoods,
}


def open_data_records(*, city: City, dataset: Dataset, base_url: str = "") -> list[Record]:
    return BUILDERS[dataset.slug](city=city, base_url=base_url)


def feature_collection(*, city: City, dataset: Dataset, records: list[Record]) -> dict[str, Any]:
    """The records as a GeoJSON FeatureCollection, saying under which licence and whose attribution."""
    return {
        "type": "FeatureCollection",
        "name": f"{city.slug}-{dataset.slug}",
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "attribution": licence_attribution(city=city),
        "features": [
            {"type": "Feature", "geometry": record.geometry, "properties": record.properties}
            for record in records
        ],
    }


def licence_attribution(*, city: City) -> str:
    platform = gettext("MilanPartner data, %(licence)s") % {"licence": LICENCE_NAME}
    return f"{platform}; {city.data_attribution}" if city.data_attribution else platform


# --- a project's history, as the public pages may show it --------------------------------------------

# Events about these name nothing a company did not agree to: their description stays as recorded.
_PLAIN_SUBJECTS = {
    ("projects", "project"), ("projects", "need"), ("projects", "call"), ("projects", "campaign"),
    ("projects", "application"), ("projects", "impactreport"),
}  # fmt: skip


def public_history(*, project: Project, limit: int) -> list[Event]:
    """The project's latest events, each with `public_label`: what the public page may call its subject.

    A pledge's recorded description names its company; the public label names it only if the company
    agreed to be named (today), as the project's list of supporters does.
    """
    events = list(project_history(project=project).select_related("content_type")[:limit])
    pledge_type = ContentType.objects.get_for_model(Pledge)
    match_type = ContentType.objects.get_for_model(FundMatch)
    pledge_ids = {event.object_id for event in events if event.content_type_id == pledge_type.pk}
    match_ids = {event.object_id for event in events if event.content_type_id == match_type.pk}
    matches = {
        match.pk: match
        for match in FundMatch.objects.filter(pk__in=match_ids).select_related("fund", "pledge__need")
    }
    pledge_ids |= {match.pledge_id for match in matches.values()}
    pledges = {
        pledge.pk: pledge
        for pledge in Pledge.objects.filter(pk__in=pledge_ids).select_related("company", "need")
    }
    for event in events:
        natural_key = (event.content_type.app_label, event.content_type.model)
        if event.content_type_id == pledge_type.pk:
            event.public_label = _pledge_label(pledges.get(event.object_id))
        elif event.content_type_id == match_type.pk and event.object_id in matches:
            match = matches[event.object_id]
            pledge = _pledge_label(pledges.get(match.pledge_id))
            event.public_label = gettext("Match funding from %(fund)s: %(pledge)s") % {
                "fund": match.fund.name,
                "pledge": pledge[:1].lower() + pledge[1:],  # inside the sentence
            }
        elif natural_key in _PLAIN_SUBJECTS:
            event.public_label = event.object_repr
        else:
            event.public_label = capfirst(event.content_type.name)
        event.public_change = _change_label(event)
    return events


def _change_label(event: Event) -> str:
    """What happened, in the reader's language: a move between the object's own status labels."""
    if event.action != Event.Action.TRANSITION:
        return str(event.get_action_display())
    model = event.content_type.model_class()
    try:
        labels = dict(model._meta.get_field("status").flatchoices) if model is not None else {}
    except FieldDoesNotExist:
        labels = {}
    after = labels.get(event.to_status, event.to_status)
    if not event.from_status:  # it came into being in that status (a pledge offered)
        return str(after)
    return f"{labels.get(event.from_status, event.from_status)} → {after}"


def _pledge_label(pledge: Pledge | None) -> str:
    if pledge is None:
        return gettext("A pledge")
    if pledge.company.public_consent:
        return gettext("Pledge of %(company)s on %(need)s") % {
            "company": pledge.company.legal_name,
            "need": pledge.need.title,
        }
    return gettext("Pledge of a company on %(need)s") % {"need": pledge.need.title}
