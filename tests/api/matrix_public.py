"""Matrix section: the index, the schema and its viewers, and the public geography (cities, districts,
neighbourhoods) and vocabularies."""

from tests.api.matrix import read_only

ROWS = [
    *read_only("api:api-root"),
    *read_only("api:schema"),
    *read_only("api:docs"),
    *read_only("api:redoc"),
    *read_only("api:city-list"),
    *read_only("api:city-detail", kwargs=lambda w: {"slug": w.milano.slug}),
    *read_only("api:city-geojson", kwargs=lambda w: {"slug": w.milano.slug}),
    *read_only("api:theme-list"),
    *read_only("api:theme-detail", kwargs=lambda w: {"code": "greening"}),
    *read_only("api:district-list"),
    *read_only("api:district-detail", kwargs=lambda w: {"pk": w.neighbourhood.district_id}),
    *read_only("api:neighbourhood-list"),
    *read_only("api:neighbourhood-detail", kwargs=lambda w: {"pk": w.neighbourhood.pk}),
]
