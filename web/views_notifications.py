"""Every signed-in user's notifications: the inbox (unread first), marking read, and what to receive how.

A user only ever reaches their own notifications: another user's id is a 404.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from neighborhoods.models import City
from notifications.models import Notification, NotificationKind, NotificationPreference
from notifications.services import (
    notification_mark_read,
    notification_preference_set,
    notifications_mark_all_read,
)
from projects.models import Project

PAGE_SIZE = 30
CHANNELS = (("in_app", gettext_lazy("in the app")), ("by_email", gettext_lazy("by e-mail")))


class PreferencesForm(forms.Form):
    """Two boxes for each kind of message: shown in the app, sent by e-mail."""

    def __init__(self, *args: Any, chosen: dict[str, tuple[bool, bool]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            for position, (channel, label) in enumerate(CHANNELS):
                self.fields[f"{kind.value}-{channel}"] = forms.BooleanField(
                    label=f"{kind.label}: {label}",
                    required=False,
                    initial=chosen.get(kind.value, (True, True))[position],
                )

    def rows(self) -> list[tuple[NotificationKind, list[forms.BoundField]]]:
        return [
            (kind, [self[f"{kind.value}-{channel}"] for channel, _label in CHANNELS])
            for kind in NotificationKind
        ]

    def choices(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {
            kind.value: (data[f"{kind.value}-in_app"], data[f"{kind.value}-by_email"])
            for kind in NotificationKind
        }


def _chosen(user: Any) -> dict[str, tuple[bool, bool]]:
    rows = NotificationPreference.objects.filter(user=user).values_list("kind", "in_app", "by_email")
    return {kind: (in_app, by_email) for kind, in_app, by_email in rows}


def _inbox(user: Any) -> QuerySet[Notification]:
    unread_first = Case(
        When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        Notification.objects.inbox(user)
        .select_related("content_type")
        .order_by(unread_first, "-created_at", "-id")
    )


def _with_links(notifications: list[Notification], city: City) -> list[Notification]:
    """Give a message about a public project of this city a link to its page (one query for the page)."""
    project_ids = [
        n.object_id for n in notifications if n.content_type and n.content_type.model_class() is Project
    ]
    slugs = dict(Project.objects.in_city(city).public().filter(pk__in=project_ids).values_list("pk", "slug"))
    for notification in notifications:
        is_project = notification.content_type and notification.content_type.model_class() is Project
        notification.project_slug = slugs.get(notification.object_id) if is_project else None
    return notifications


def _unread(user: Any) -> int:
    return Notification.objects.inbox(user).unread().count()


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def _inbox_context(request: HttpRequest, city: City) -> dict[str, Any]:
    page = Paginator(_inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "city": city,
        "page": page,
        "notifications": _with_links(list(page), city),
        "unread": _unread(request.user),
    }


@login_required
def inbox(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    context = _inbox_context(request, city)
    context["preferences"] = PreferencesForm(chosen=_chosen(request.user))
    return render(request, "web/notifications/inbox.html", context)


def unread_count(request: HttpRequest, city_slug: str) -> HttpResponse:
    """The header's link to the inbox with the number unread; nothing for a visitor who is not signed in."""
    city = get_object_or_404(City, slug=city_slug)
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    return render(
        request, "web/notifications/_unread_link.html", {"city": city, "unread": _unread(request.user)}
    )


@login_required
@require_POST
def mark_read(request: HttpRequest, city_slug: str, notification_id: int) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    notification = get_object_or_404(_inbox(request.user), pk=notification_id)
    notification_mark_read(notification=notification, user=request.user)
    if not _is_htmx(request):
        return redirect("web:notifications", city_slug=city.slug)
    [notification] = _with_links([notification], city)
    return render(
        request,
        "web/notifications/_read.html",
        {"city": city, "notification": notification, "unread": _unread(request.user)},
    )


@login_required
@require_POST
def mark_all_read(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    notifications_mark_all_read(user=request.user)
    if not _is_htmx(request):
        return redirect("web:notifications", city_slug=city.slug)
    return render(request, "web/notifications/_inbox.html", _inbox_context(request, city))


@login_required
@require_POST
def preferences(request: HttpRequest, city_slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=city_slug)
    chosen = _chosen(request.user)
    form = PreferencesForm(request.POST, chosen=chosen)
    if not form.is_valid():  # only checkboxes: nothing can be invalid, but never save what was not read
        return redirect("web:notifications", city_slug=city.slug)
    for kind, (in_app, by_email) in form.choices().items():
        if chosen.get(kind, (True, True)) != (in_app, by_email):
            notification_preference_set(
                user=request.user, kind=NotificationKind(kind), in_app=in_app, by_email=by_email
            )
    messages.success(request, _("Your choices are saved."))
    return redirect("web:notifications", city_slug=city.slug)
