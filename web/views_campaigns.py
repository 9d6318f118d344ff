"""The public page of a campaign: its goal, how far it has come and its projects."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from milanpartner.cache import public_page
from neighborhoods.models import City
from web import selectors


@public_page
def campaign_detail(request: HttpRequest, city_slug: str, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    campaign = get_object_or_404(city.campaigns.prefetch_related("themes"), slug=slug)
    return render(
        request,
        "web/campaign_detail.html",
        {"city": city, "campaign": campaign, "overview": selectors.campaign_overview(campaign=campaign)},
    )
