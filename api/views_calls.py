"""Calls and the NGOs' applications: the public calls, an NGO's own applications, and the officer's review.

An NGO sees its own applications only, an officer the calls and applications of their own city only: each
queryset is narrowed to that (api.scoping), so anyone else's is a 404 like an unknown id. Attachments are
uploaded and downloaded on the pages (web), not through the API.
"""

from typing import Any

from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from accounts.roles import organisation_of
from api import serializers_calls as s
from api.filters import IdFilter
from api.permissions import IsNgoMember, IsOfficer
from api.scoping import for_schema, member_city, officer_city
from api.views import ORDERED_AND_FILTERED
from projects import applications
from projects.calls import call_create
from projects.models import Application, ApplicationStatus, Call, CallStatus, EvaluationCriterion

A = ApplicationStatus


def _valid(view: Any, serializer_class: type[Serializer], **context: Any) -> dict[str, Any]:
    serializer = serializer_class(data=view.request.data, context={"request": view.request, **context})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _with_criteria(calls: QuerySet[Call]) -> QuerySet[Call]:
    criteria = Prefetch("criteria", queryset=EvaluationCriterion.objects.order_by("position", "id"))
    return calls.select_related("city").prefetch_related("themes", criteria)


class CallFilter(filters.FilterSet):
    city = filters.CharFilter(field_name="city__slug")
    theme = filters.CharFilter(field_name="themes__code")
    status = filters.ChoiceFilter(choices=CallStatus.choices)
    open = filters.BooleanFilter(
        method="open_now", help_text="true: only the calls open for applications now."
    )

    class Meta:
        model = Call
        fields = ["city", "theme", "status", "open"]

    def open_now(self, queryset: QuerySet[Call], name: str, value: bool | None) -> QuerySet[Call]:
        now = timezone.now()
        is_open = Q(status=CallStatus.OPEN, opens_at__lte=now, deadline__gt=now)
        return queryset.filter(is_open) if value else queryset.exclude(is_open)


class CallViewSet(viewsets.ReadOnlyModelViewSet):
    """The cities' published calls with their evaluation criteria (a draft call stays the City's own)."""

    permission_classes = [AllowAny]
    serializer_class = s.CallSerializer
    filterset_class = CallFilter
    filter_backends = ORDERED_AND_FILTERED
    ordering_fields = ["deadline", "opens_at", "title"]

    def get_queryset(self) -> QuerySet[Call]:
        return _with_criteria(Call.objects.exclude(status=CallStatus.DRAFT)).order_by("deadline", "id")


class OfficerCallViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Your city's calls, drafts included, with their applications counted: draft, publish, rank."""

    permission_classes = [IsOfficer]
    serializer_class = s.OfficerCallSerializer
    filterset_class = CallFilter
    filter_backends = ORDERED_AND_FILTERED
    ordering_fields = ["deadline", "opens_at", "title"]

    def get_queryset(self) -> QuerySet[Call]:
        if for_schema(self):
            return Call.objects.none()
        calls = Call.objects.filter(city=officer_city(self.request)).annotate(
            received=Count("applications", filter=~Q(applications__status=A.DRAFT)),
            in_the_running=Count(
                "applications", filter=Q(applications__status__in=[A.SUBMITTED, A.SHORTLISTED])
            ),
            accepted=Count("applications", filter=Q(applications__status=A.ACCEPTED)),
        )
        return _with_criteria(calls).order_by("-deadline", "-id")

    def shown(self, call: Call, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=call.pk)).data, status=status_code)

    @extend_schema(request=s.CallWriteSerializer, responses={201: s.OfficerCallSerializer})
    def create(self, request: Request) -> Response:
        """A call and its criteria, saved as a draft in your charge."""
        city = officer_city(request)
        data = _valid(self, s.CallWriteSerializer, city=city)
        return self.shown(call_create(city=city, actor=request.user, **data), status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.OfficerCallSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        """Open the draft to applications: its criteria's weights must add up to 100%."""
        return self.shown(applications.call_publish(call=self.get_object(), actor=request.user))

    @extend_schema(responses=s.RankedApplicationSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def ranking(self, request: Request, pk: str) -> Response:
        """The applications in the running, best weighted score first (ties: who submitted first)."""
        ranked = applications.applications_ranked(call=self.get_object())
        return Response(s.RankedApplicationSerializer(ranked, many=True).data)


# --- applications -----------------------------------------------------------------------------------


class ApplicationFilter(filters.FilterSet):
    call = IdFilter(field_name="call_id")
    status = filters.ChoiceFilter(choices=ApplicationStatus.choices)

    class Meta:
        model = Application
        fields = ["call", "status"]


class NgoApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Your NGO's applications with the City's decisions and reasons: apply to an open call, withdraw."""

    permission_classes = [IsNgoMember]
    serializer_class = s.ApplicationSerializer
    filterset_class = ApplicationFilter
    filter_backends = ORDERED_AND_FILTERED
    ordering_fields = ["submitted_at", "decided_at"]

    def get_queryset(self) -> QuerySet[Application]:
        if for_schema(self):
            return Application.objects.none()
        return (
            Application.objects.filter(organisation=organisation_of(self.request.user))
            .select_related("call", "project")
            .prefetch_related("attachments")
            .order_by("-submitted_at", "-id")
        )

    def shown(self, application: Application, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=application.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    @extend_schema(request=s.ApplicationSubmitSerializer, responses={201: s.ApplicationSerializer})
    def create(self, request: Request) -> Response:
        """Apply to an open call of your city (attachments: on the call's page)."""
        data = _valid(self, s.ApplicationSubmitSerializer, city=member_city(request))
        application = applications.application_submit(
            organisation=organisation_of(request.user), actor=request.user, **data
        )
        return self.shown(application, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        return self.shown(
            applications.application_withdraw(application=self.get_object(), actor=request.user)
        )


class OfficerApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The applications to your city's calls and projects: score, shortlist, accept, reject with a reason.
    The ranking of one call's applications is its /officer/calls/{id}/ranking/."""

    permission_classes = [IsOfficer]
    serializer_class = s.ReviewedApplicationSerializer
    filterset_class = ApplicationFilter
    filter_backends = ORDERED_AND_FILTERED
    ordering_fields = ["submitted_at", "decided_at"]

    def get_queryset(self) -> QuerySet[Application]:
        if for_schema(self):
            return Application.objects.none()
        city = officer_city(self.request)
        return (
            Application.objects.filter(Q(call__city=city) | Q(project__city=city))
            .exclude(status=A.DRAFT)
            .select_related("call", "project", "organisation")
            .prefetch_related("attachments", "scores__reviewer")
            .order_by("-submitted_at", "-id")
        )

    def shown(self, application: Application) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=application.pk)).data)

    @extend_schema(request=s.ScoresSerializer, responses=s.ReviewedApplicationSerializer)
    @action(detail=True, methods=["post"])
    def score(self, request: Request, pk: str) -> Response:
        application = self.get_object()
        data = _valid(self, s.ScoresSerializer, call=application.call)
        # All the criteria or none: one refused score leaves the others as they were.
        with transaction.atomic():
            for row in data["scores"]:
                applications.application_score(
                    application=application,
                    criterion=row["criterion"],
                    reviewer=request.user,
                    score=row["score"],
                    comment=row["comment"],
                )
        return self.shown(application)

    @extend_schema(request=None, responses=s.ReviewedApplicationSerializer)
    @action(detail=True, methods=["post"])
    def shortlist(self, request: Request, pk: str) -> Response:
        return self.shown(
            applications.application_shortlist(application=self.get_object(), actor=request.user)
        )

    @extend_schema(request=s.DecisionSerializer, responses=s.ReviewedApplicationSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        """Accept it; the NGO becomes a partner of the call's project, when the call has one."""
        application = self.get_object()
        reason = _valid(self, s.DecisionSerializer)["reason"]
        return self.shown(
            applications.application_accept(application=application, actor=request.user, reason=reason)
        )

    @extend_schema(request=s.RejectionSerializer, responses=s.ReviewedApplicationSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        application = self.get_object()
        reason = _valid(self, s.RejectionSerializer)["reason"]
        return self.shown(
            applications.application_reject(application=application, actor=request.user, reason=reason)
        )
