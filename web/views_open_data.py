"""The city's open data: a page describing each dataset and its licence, and the files themselves."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ledger import open_data
from milanpartner.cache import public_page
from neighborhoods.models import City
from web.csv_export import csv_rows


@public_page
def open_data_page(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    return render(
        request,
        "web/open_data.html",
        {
            "city": city,
            "datasets": open_data.DATASETS.values(),
            "licence_name": open_data.LICENCE_NAME,
            "licence_url": open_data.LICENCE_URL,
        },
    )


def _dataset(city_slug: str, slug: str) -> tuple[City, open_data.Dataset]:
    city = get_object_or_404(City, slug=city_slug)
    if slug not in open_data.DATASETS:
        raise Http404
    return city, open_data.DATASETS[slug]


def _plain(value: Any) -> Any:
    """Dates and times in ISO 8601 (local time), amounts as exact decimal strings, never floats."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _records(request: HttpRequest, city: City, dataset: open_data.Dataset) -> list[open_data.Record]:
    base_url = request.build_absolute_uri("/").rstrip("/")
    return [
        open_data.Record({name: _plain(value) for name, value in record.properties.items()}, record.geometry)
        for record in open_data.open_data_records(city=city, dataset=dataset, base_url=base_url)
    ]


@public_page
def open_data_csv(request: HttpRequest, city_slug: str, dataset: str) -> HttpResponse:
    city, described = _dataset(city_slug, dataset)
    rows = [described.field_names] + [
        ["" if record.properties[name] is None else record.properties[name] for name in described.field_names]
        for record in _records(request, city, described)
    ]
    response = HttpResponse("".join(csv_rows(rows)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{city.slug}-{described.slug}.csv"'
    return response


@public_page
def open_data_geojson(request: HttpRequest, city_slug: str, dataset: str) -> HttpResponse:
    city, described = _dataset(city_slug, dataset)
    collection = open_data.feature_collection(
        city=city, dataset=described, records=_records(request, city, described)
    )
    response = JsonResponse(collection, encoder=DjangoJSONEncoder)
    response["Content-Type"] = "application/geo+json"
    response["Content-Disposition"] = f'attachment; filename="{city.slug}-{described.slug}.geojson"'
    return response
