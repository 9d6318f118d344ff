"""The public impact dashboard: charts with their tables, a map of the neighbourhoods, breakdowns as CSV."""

import csv

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from ledger import impact as impact_selectors
from milanpartner.cache import public_page
from neighborhoods.models import City
from web import impact_map as impact_maps
from web.views import geojson_response

CSV_COLUMNS = ("key", "label", "funding_eur", "volunteer_hours", "goods_eur", "total_eur")


@public_page
def impact_dashboard(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    figures = impact_selectors.impact(city=city)
    charts = [
        {
            "dimension": dimension,
            "title": title,
            "rows": figures.by[dimension],
            "data": {
                "labels": [row.label for row in figures.by[dimension]][:15],
                "values": [float(row.total_eur) for row in figures.by[dimension]][:15],
                "kind": "line" if dimension == "month" else "bar",
            },
        }
        for dimension, title in (
            ("neighbourhood", _("By neighbourhood")),
            ("district", _("By district")),
            ("theme", _("By urban challenge")),
            ("sdg", _("By Sustainable Development Goal")),
            ("month", _("By month")),
        )
    ]
    map_bands = impact_maps.impact_bands(row.total_eur for row in figures.by["neighbourhood"])
    return render(
        request,
        "web/impact.html",
        {
            "city": city,
            "impact": figures,
            "charts": charts,
            "chart_data": {chart["dimension"]: chart["data"] for chart in charts},
            "map_bands": map_bands,
            "map_band_data": [{"upper": float(band.upper), "shade": band.shade} for band in map_bands],
        },
    )


@public_page
def impact_map(request: HttpRequest, city_slug: str) -> JsonResponse:
    city = get_object_or_404(City, slug=city_slug)
    return geojson_response(impact_maps.impact_map(city=city))


@public_page
def impact_csv(request: HttpRequest, city_slug: str, dimension: str) -> HttpResponse:
    if dimension not in impact_selectors.DIMENSIONS:
        raise Http404
    city = get_object_or_404(City, slug=city_slug)
    rows = impact_selectors.impact(city=city).by[dimension]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{city.slug}-impact-by-{dimension}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([getattr(row, column) for column in CSV_COLUMNS])
    return response
