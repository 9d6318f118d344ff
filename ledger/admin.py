from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from audit.admin_recording import RecordedAdmin
from ledger.funds import fund_close, fund_open, fund_simulate
from ledger.models import Fund, FundMatch, Pledge
from ledger.services import pledge_accept, pledge_decline, pledge_expire


class PledgeActionForm(ActionForm):
    reason = forms.CharField(label=_("Reason (to decline)"), required=False)


@admin.register(Pledge)
class PledgeAdmin(RecordedAdmin):
    """Pledges change state only through the ledger's services: the actions below, never by editing."""

    def audit_context(self, obj):  # the city and project its events are filed under
        return obj.need.project.city, obj.need.project_id

    list_display = ["company", "need", "quantity", "value_eur", "status", "offered_at", "expires_at"]
    list_filter = ["status", "need__kind"]
    search_fields = ["company__legal_name", "need__title", "need__project__title"]
    list_select_related = ["company", "need__project"]
    autocomplete_fields = ["company", "need", "offered_by"]
    date_hierarchy = "offered_at"
    readonly_fields = [
        "status",
        "value_eur",
        "expires_at",
        "beyond_capacity_confirmed",
        "decided_at",
        "decided_by",
        "fulfilled_at",
    ]
    action_form = PledgeActionForm
    actions = ["accept_selected", "decline_selected", "expire_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a pledge is offered by its company through pledge_offer, with every rule checked

    def _apply(
        self, request: HttpRequest, queryset: QuerySet[Pledge], service: Callable[[Pledge], Any], done: Any
    ) -> None:
        changed = 0
        for pledge in queryset.select_related("company", "need"):
            try:
                service(pledge)
            except ValidationError as refusal:
                self.message_user(request, f"{pledge}: {' '.join(refusal.messages)}", messages.ERROR)
            else:
                changed += 1
        if changed:
            self.message_user(request, done % {"count": changed}, messages.SUCCESS)

    @admin.action(description=_("Accept the selected pledges"))
    def accept_selected(self, request: HttpRequest, queryset: QuerySet[Pledge]) -> None:
        self._apply(
            request,
            queryset,
            lambda pledge: pledge_accept(pledge=pledge, actor=request.user),
            ngettext_lazy("%(count)d pledge accepted.", "%(count)d pledges accepted.", "count"),
        )

    @admin.action(description=_("Decline the selected pledges (give the reason above)"))
    def decline_selected(self, request: HttpRequest, queryset: QuerySet[Pledge]) -> None:
        reason = request.POST.get("reason", "")
        self._apply(
            request,
            queryset,
            lambda pledge: pledge_decline(pledge=pledge, actor=request.user, reason=reason),
            ngettext_lazy("%(count)d pledge declined.", "%(count)d pledges declined.", "count"),
        )

    @admin.action(description=_("Expire the selected offers past their waiting period"))
    def expire_selected(self, request: HttpRequest, queryset: QuerySet[Pledge]) -> None:
        now = timezone.now()
        self._apply(
            request,
            queryset,
            lambda pledge: pledge_expire(pledge=pledge, now=now, actor=request.user),
            ngettext_lazy("%(count)d offer expired.", "%(count)d offers expired.", "count"),
        )


class FundMatchInline(admin.TabularInline):
    model = FundMatch
    extra = 0
    fields = ["pledge", "amount_eur", "status", "matched_at", "returned_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # matches are made by the fund's rules (ledger services), not by hand


@admin.register(Fund)
class FundAdmin(RecordedAdmin):
    def audit_context(self, obj):  # the city and project its events are filed under
        return obj.city, None

    list_display = ["name", "city", "sponsor", "status", "pot_eur", "matched_eur", "ratio", "priority"]
    list_filter = ["city", "status"]
    search_fields = ["name", "sponsor__legal_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["sponsor"]
    filter_horizontal = ["themes", "neighbourhoods"]
    readonly_fields = ["matched_eur", "status"]
    inlines = [FundMatchInline]
    actions = ["simulate_selected", "open_selected", "close_selected"]

    @admin.action(description=_("Simulate on current projects (writes nothing)"))
    def simulate_selected(self, request: HttpRequest, queryset: QuerySet[Fund]) -> None:
        for fund in queryset:
            simulation = fund_simulate(fund=fund)
            self.message_user(
                request,
                _(
                    "%(fund)s: would match EUR %(matched)s on %(projects)s projects; its rules would want "
                    "EUR %(wanted)s against a pot of EUR %(pot)s%(runs_out)s."
                )
                % {
                    "fund": fund,
                    "matched": simulation.matched_eur,
                    "projects": sum(1 for project in simulation.projects if project.pledges_matched),
                    "wanted": simulation.wanted_eur,
                    "pot": simulation.pot_eur,
                    "runs_out": _(": the pot runs out") if simulation.pot_runs_out else "",
                },
                messages.INFO,
            )

    @admin.action(description=_("Open the selected funds"))
    def open_selected(self, request: HttpRequest, queryset: QuerySet[Fund]) -> None:
        self._move(request, queryset, fund_open)

    @admin.action(description=_("Close the selected funds"))
    def close_selected(self, request: HttpRequest, queryset: QuerySet[Fund]) -> None:
        self._move(request, queryset, fund_close)

    def _move(self, request: HttpRequest, queryset: QuerySet[Fund], service: Callable[..., Fund]) -> None:
        for fund in queryset:
            try:
                service(fund=fund, actor=request.user)
            except ValidationError as error:
                self.message_user(request, f"{fund}: {' '.join(error.messages)}", messages.ERROR)


@admin.register(FundMatch)
class FundMatchAdmin(admin.ModelAdmin):
    list_display = ["fund", "pledge", "amount_eur", "status", "matched_at"]
    list_filter = ["status", "fund"]
    list_select_related = ["fund", "pledge__company"]
    readonly_fields = ["fund", "pledge", "amount_eur", "status", "matched_at", "returned_at"]

    def has_add_permission(self, request) -> bool:
        return False
