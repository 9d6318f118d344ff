"""One's own API token on the account page: create or replace it (the new key shown once), or revoke it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from accounts import tokens
from neighborhoods.models import City

# The new key waits in the (server-side) session for the one page that shows it, then is gone.
NEW_KEY = "api_token_new_key"


@login_required
def api_token(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            tokens.token_revoke(user=request.user)
            messages.success(request, _("Your API token is revoked: calls with it are refused from now on."))
            return redirect("accounts:join", city_slug=city.slug)
        request.session[NEW_KEY] = tokens.token_rotate(user=request.user).key
        return redirect("accounts:api_token", city_slug=city.slug)
    new_key = request.session.pop(NEW_KEY, None)
    if new_key is None:
        return redirect("accounts:join", city_slug=city.slug)
    response = render(request, "accounts/api_token.html", {"city": city, "key": new_key})
    add_never_cache_headers(response)
    return response
