"""Projects as their City and proposers manage them, initiatives and their review, and campaigns.

Officers act in their own city only; a company or NGO member on their own initiatives only: each queryset is
narrowed to that (api.scoping), so another city's or proposer's project is a 404 like an unknown id. Every
write goes through the services in projects/, whose refusals come back as a 400 (api.exceptions).
"""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from accounts.roles import company_of, organisation_of
from api import serializers_projects as s
from api.permissions import IsCompanyMember, IsNgoMember, IsOfficer
from api.scoping import for_schema, member_city, officer_city
from api.views import ORDERED_AND_FILTERED, needs_with_committed, words_in
from projects import campaigns, initiatives
from projects.models import Campaign, Project, ProjectOrigin, ProjectStatus
from projects.services import project_create, project_transition, project_update


def _managed_projects(projects: QuerySet[Project]) -> QuerySet[Project]:
    """What ManagedProjectSerializer reads, in a fixed number of queries whatever the page's size."""
    return (
        projects.select_related(
            "city", "neighbourhood", "proposed_by_company", "proposed_by_organisation", "campaign"
        )
        .prefetch_related("themes", "partners", Prefetch("needs", queryset=needs_with_committed()))
        .order_by("-updated_at", "-id")
    )


class ManagedProjectFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", help_text="Words to find in the title or the summary.")
    status = filters.ChoiceFilter(choices=ProjectStatus.choices)
    origin = filters.ChoiceFilter(choices=ProjectOrigin.choices)
    neighbourhood = filters.CharFilter(field_name="neighbourhood__code")

    class Meta:
        model = Project
        fields = ["q", "status", "origin", "neighbourhood"]

    def search(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        return words_in(queryset, value, ("title", "summary"))


class _ManagedProjects(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Shared by the officer's and the proposer's endpoints: a scoped queryset, read and written back."""

    serializer_class = s.ManagedProjectSerializer
    filterset_class = ManagedProjectFilter
    filter_backends = ORDERED_AND_FILTERED
    ordering_fields = ["updated_at", "published_at", "pledge_deadline", "title"]

    def scoped(self) -> QuerySet[Project]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Project]:
        if for_schema(self):
            return Project.objects.none()
        return _managed_projects(self.scoped())

    def write_context(self) -> dict[str, Any]:
        return {"request": self.request, "city": member_city(self.request)}

    def valid(self, serializer_class: type[Serializer], *, partial: bool = False) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.write_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def shown(self, project: Project, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=project.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)


class OfficerProjectViewSet(_ManagedProjects):
    """Your city's projects in every status, drafts included (officers only; another city's: 404)."""

    permission_classes = [IsOfficer]

    def scoped(self) -> QuerySet[Project]:
        return Project.objects.in_city(officer_city(self.request))

    @extend_schema(request=s.ProjectWriteSerializer, responses={201: s.ManagedProjectSerializer})
    def create(self, request: Request) -> Response:
        """A project and its needs in one request, saved as a draft in your charge."""
        data = self.valid(s.ProjectWriteSerializer)
        project = project_create(city=officer_city(request), actor=request.user, **data)
        return self.shown(project, status.HTTP_201_CREATED)

    @extend_schema(request=s.ProjectUpdateSerializer, responses=s.ManagedProjectSerializer)
    def update(self, request: Request, pk: str, partial: bool = False) -> Response:
        """Its fields, themes, partners and needs (the full new list: a need left out is removed)."""
        project = self.get_object()
        data = self.valid(s.ProjectUpdateSerializer, partial=partial)
        return self.shown(project_update(project=project, actor=request.user, **data))

    @extend_schema(request=s.ProjectUpdateSerializer, responses=s.ManagedProjectSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk, partial=True)

    @extend_schema(request=s.TransitionSerializer, responses=s.ManagedProjectSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        """Publish, close, start, complete or archive it: one of its `allowed_transitions`."""
        project = self.get_object()
        data = self.valid(s.TransitionSerializer)
        moved = project_transition(
            project=project, to_status=ProjectStatus(data["to_status"]), actor=request.user, note=data["note"]
        )
        return self.shown(moved)


# --- initiatives --------------------------------------------------------------------------------------


class InitiativeViewSet(_ManagedProjects):
    """Your company's or NGO's own initiatives, with the City's review (status, review_note)."""

    permission_classes = [IsCompanyMember | IsNgoMember]
    serializer_class = s.ManagedProjectSerializer

    def scoped(self) -> QuerySet[Project]:
        company, organisation = company_of(self.request.user), organisation_of(self.request.user)
        owned = Q(proposed_by_company=company) if company else Q(proposed_by_organisation=organisation)
        return Project.objects.filter(owned, city=member_city(self.request))

    def write_context(self) -> dict[str, Any]:
        return {**super().write_context(), "organisation": organisation_of(self.request.user)}

    @extend_schema(request=s.InitiativeWriteSerializer, responses={201: s.ManagedProjectSerializer})
    def create(self, request: Request) -> Response:
        """Propose an initiative with its needs: it goes to the City's review (status proposed)."""
        data = self.valid(s.InitiativeWriteSerializer)
        project = initiatives.initiative_propose(actor=request.user, city=member_city(request), **data)
        return self.shown(project, status.HTTP_201_CREATED)

    @extend_schema(request=s.InitiativeWriteSerializer, responses=s.ManagedProjectSerializer)
    def update(self, request: Request, pk: str, partial: bool = False) -> Response:
        """Edit it while it is proposed or changes are requested (then resubmit it)."""
        project = self.get_object()
        data = self.valid(s.InitiativeWriteSerializer, partial=partial)
        return self.shown(project_update(project=project, actor=request.user, **data))

    @extend_schema(request=s.InitiativeWriteSerializer, responses=s.ManagedProjectSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk, partial=True)

    @extend_schema(request=None, responses=s.ManagedProjectSerializer)
    @action(detail=True, methods=["post"])
    def resubmit(self, request: Request, pk: str) -> Response:
        """Send it back to the City's review after the changes it asked for."""
        project = initiatives.initiative_resubmit(project=self.get_object(), actor=request.user)
        return self.shown(project)


class OfficerInitiativeViewSet(_ManagedProjects):
    """The initiatives proposed in your city, to ask changes to, endorse into the City's plan, or decline."""

    permission_classes = [IsOfficer]

    def scoped(self) -> QuerySet[Project]:
        return Project.objects.in_city(officer_city(self.request)).exclude(origin=ProjectOrigin.CITY)

    @extend_schema(request=s.ChangesRequestSerializer, responses=s.ManagedProjectSerializer)
    @action(detail=True, methods=["post"], url_path="request-changes", url_name="request-changes")
    def request_changes(self, request: Request, pk: str) -> Response:
        data = self.valid(s.ChangesRequestSerializer)
        project = initiatives.initiative_request_changes(
            project=self.get_object(), actor=request.user, note=data["note"]
        )
        return self.shown(project)

    @extend_schema(request=s.NoteSerializer, responses=s.ManagedProjectSerializer)
    @action(detail=True, methods=["post"])
    def endorse(self, request: Request, pk: str) -> Response:
        """Take it into the City's plan: published, open to pledges, in your charge."""
        data = self.valid(s.NoteSerializer)
        project = initiatives.initiative_endorse(
            project=self.get_object(), actor=request.user, note=data["note"]
        )
        return self.shown(project)

    @extend_schema(request=s.DeclineSerializer, responses=s.ManagedProjectSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        data = self.valid(s.DeclineSerializer)
        project = initiatives.initiative_decline(
            project=self.get_object(), actor=request.user, reason=data["reason"]
        )
        return self.shown(project)


# --- campaigns ----------------------------------------------------------------------------------------


class CampaignFilter(filters.FilterSet):
    city = filters.CharFilter(field_name="city__slug")
    theme = filters.CharFilter(field_name="themes__code")

    class Meta:
        model = Campaign
        fields = ["city", "theme"]


def _campaigns(projects: QuerySet[Project]) -> QuerySet[Campaign]:
    listed = Prefetch(
        "projects", queryset=projects.only("id", "campaign_id").order_by("id"), to_attr="listed_projects"
    )
    return (
        Campaign.objects.select_related("city")
        .prefetch_related("themes", listed)
        .order_by("-starts_on", "id")
    )


class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    """The cities' campaigns, each with its public projects."""

    permission_classes = [AllowAny]
    serializer_class = s.CampaignSerializer
    filterset_class = CampaignFilter
    filter_backends = ORDERED_AND_FILTERED
    ordering_fields = ["starts_on", "ends_on", "title"]

    def get_queryset(self) -> QuerySet[Campaign]:
        return _campaigns(Project.objects.public())


class OfficerCampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Your city's campaigns, each with all its projects: create and edit them, add and remove projects."""

    permission_classes = [IsOfficer]
    serializer_class = s.CampaignSerializer
    filter_backends = ORDERED_AND_FILTERED
    ordering_fields = ["starts_on", "ends_on", "title"]

    def get_queryset(self) -> QuerySet[Campaign]:
        if for_schema(self):
            return Campaign.objects.none()
        city = officer_city(self.request)
        return _campaigns(Project.objects.in_city(city)).filter(city=city)

    def valid(self, serializer_class: type[Serializer], *, partial: bool = False) -> dict[str, Any]:
        context = {"request": self.request, "city": officer_city(self.request)}
        serializer = serializer_class(data=self.request.data, partial=partial, context=context)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def shown(self, campaign: Campaign, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=campaign.pk)).data, status=status_code)

    @extend_schema(request=s.CampaignWriteSerializer, responses={201: s.CampaignSerializer})
    def create(self, request: Request) -> Response:
        data = self.valid(s.CampaignWriteSerializer)
        campaign = campaigns.campaign_create(city=officer_city(request), actor=request.user, **data)
        return self.shown(campaign, status.HTTP_201_CREATED)

    @extend_schema(request=s.CampaignWriteSerializer, responses=s.CampaignSerializer)
    def update(self, request: Request, pk: str, partial: bool = False) -> Response:
        campaign = self.get_object()
        data = self.valid(s.CampaignWriteSerializer, partial=partial)
        return self.shown(campaigns.campaign_update(campaign=campaign, actor=request.user, **data))

    @extend_schema(request=s.CampaignWriteSerializer, responses=s.CampaignSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk, partial=True)

    @extend_schema(request=s.CampaignProjectSerializer, responses=s.CampaignSerializer)
    @action(detail=True, methods=["post"], url_path="add-project", url_name="add-project")
    def add_project(self, request: Request, pk: str) -> Response:
        campaign = self.get_object()
        project = self.valid(s.CampaignProjectSerializer)["project"]
        campaigns.campaign_add_project(campaign=campaign, project=project, actor=request.user)
        return self.shown(campaign)

    @extend_schema(request=s.CampaignProjectSerializer, responses=s.CampaignSerializer)
    @action(detail=True, methods=["post"], url_path="remove-project", url_name="remove-project")
    def remove_project(self, request: Request, pk: str) -> Response:
        campaign = self.get_object()
        project = self.valid(s.CampaignProjectSerializer)["project"]
        campaigns.campaign_remove_project(campaign=campaign, project=project, actor=request.user)
        return self.shown(campaign)
