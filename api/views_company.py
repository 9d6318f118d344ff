"""The company side of the API: companies and their sites, pledges, match funds, matches with their
reasons, impact totals, and one's own API token.

Every queryset is narrowed to what the caller may see (their own company, their own city for an officer),
so another's object is a 404, the answer an id that does not exist gets. Writes call the services the
pages call; a service's ValidationError becomes a 400 (api/exceptions.py).
"""

from typing import Any

from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import tokens
from accounts.roles import company_of
from api import serializers_company as s
from api.filters import IdFilter
from api.permissions import IsCompanyMember, IsOfficer
from api.scoping import officer_city
from audit.models import Event
from companies import services as company_services
from companies.models import Company, Site
from ledger import fund_setup, funds
from ledger import services as ledger
from ledger.impact import impact
from ledger.models import Fund, FundMatch, Pledge
from matching.explain import Reader, matches_with_reasons
from matching.models import Match
from matching.proposals import coalition_for_need
from neighborhoods.models import City
from projects.models import NeedKind, Project

ZERO = Value(0, output_field=DecimalField(max_digits=14, decimal_places=2))
CANDIDATES = 20


def _company(request: Request) -> Company | None:
    return company_of(request.user)


def _officer_city_id(request: Request) -> int | None:
    city = officer_city(request)
    return city.pk if city is not None else None


# --- companies and their sites ----------------------------------------------------------------------


class CompanyFilter(filters.FilterSet):
    city = filters.CharFilter(field_name="city__slug")
    theme = filters.CharFilter(field_name="themes__code")
    sector = filters.CharFilter(
        field_name="ateco_code",
        lookup_expr="startswith",
        help_text="An ATECO code or its start: 62 or 62.01.",
    )
    size_class = filters.ChoiceFilter(choices=Company.SizeClass.choices)

    class Meta:
        model = Company
        fields = ["city", "theme", "sector", "size_class"]


class CompanyViewSet(viewsets.ReadOnlyModelViewSet):
    """Companies that agreed to be named in public; a member reads and changes their own under `mine`."""

    permission_classes = [AllowAny]
    serializer_class = s.PublicCompanySerializer
    filterset_class = CompanyFilter
    ordering_fields = ["legal_name", "size_class", "ateco_code", "created_at"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Company]:
        return (
            Company.objects.filter(public_consent=True)
            .select_related("city")
            .prefetch_related("themes")
            .order_by("legal_name", "id")
        )

    @extend_schema(
        methods=["GET"],
        responses=s.OwnCompanySerializer,
        summary="Your company's profile, private fields too",
    )
    @extend_schema(
        methods=["PATCH"],
        request=s.CompanyProfileSerializer,
        responses=s.OwnCompanySerializer,
        summary="Change your company's profile",
    )
    @action(detail=False, methods=["get", "patch"], permission_classes=[IsCompanyMember], filter_backends=[])
    def mine(self, request: Request) -> Response:
        company = _company(request)
        if request.method == "PATCH":
            changes = s.CompanyProfileSerializer(data=request.data, partial=True, company=company)
            changes.is_valid(raise_exception=True)
            company_services.company_profile_update(
                company=company, actor=request.user, **changes.validated_data
            )
            company.refresh_from_db()
        return Response(s.OwnCompanySerializer(company).data)

    @extend_schema(responses=s.ImpactSerializer, summary="What your company gave, totalled five ways")
    @action(
        detail=False,
        url_path="mine/impact",
        url_name="mine-impact",
        permission_classes=[IsCompanyMember],
        filter_backends=[],
    )
    def mine_impact(self, request: Request) -> Response:
        company = _company(request)
        return Response(s.ImpactSerializer(impact(city=company.city, company=company)).data)


class SiteViewSet(viewsets.ModelViewSet):
    """The sites of the member's own company; another company's site is a 404."""

    permission_classes = [IsCompanyMember]
    serializer_class = s.SiteSerializer
    ordering_fields = ["name"]
    filterset_fields: list[str] = []

    def get_queryset(self) -> QuerySet[Site]:
        return (
            Site.objects.filter(company=_company(self.request))
            .select_related("neighbourhood")
            .order_by("name", "id")
        )

    def _save(self, request: Request, site: Site | None = None, partial: bool = False) -> Site:
        data = s.SiteSerializer(site, data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        current = (
            {field: getattr(site, field) for field in ("name", "address", "latitude", "longitude",
                                                       "employees", "is_headquarters")}
            if site is not None
            else {}
        )  # fmt: skip
        values = current | data.validated_data
        return company_services.site_save(company=_company(request), actor=request.user, site=site, **values)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        site = self._save(request)
        return Response(s.SiteSerializer(site).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        site = self._save(request, self.get_object(), partial=kwargs.get("partial", False))
        return Response(s.SiteSerializer(site).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        company_services.site_delete(site=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- pledges ----------------------------------------------------------------------------------------


class PledgeFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Pledge.Status.choices)
    project = filters.CharFilter(field_name="need__project__slug")
    need = IdFilter(field_name="need_id")

    class Meta:
        model = Pledge
        fields = ["status", "project", "need"]


def _with_matched_and_reason(pledges: QuerySet[Pledge]) -> QuerySet[Pledge]:
    matched = (
        FundMatch.objects.filter(pledge=OuterRef("pk"), status=FundMatch.Status.ACTIVE)
        .order_by()
        .values("pledge")
        .annotate(total=Sum("amount_eur"))
        .values("total")
    )
    reason = Event.objects.filter(
        content_type__app_label=Pledge._meta.app_label,
        content_type__model=Pledge._meta.model_name,
        object_id=OuterRef("pk"),
        to_status=Pledge.Status.DECLINED,
    ).order_by("occurred_at", "id")
    return pledges.annotate(
        matched_eur=Coalesce(Subquery(matched), ZERO), decline_reason=Subquery(reason.values("note")[:1])
    )


_PLEDGE_RESPONSES = {200: s.PledgeSerializer}


@extend_schema_view(
    list=extend_schema(summary="Your company's pledges, or your city's for an officer"),
    create=extend_schema(
        request=s.PledgeOfferSerializer,
        responses={201: s.PledgeSerializer},
        summary="Offer a pledge (company members)",
    ),
)
class PledgeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A company member sees their company's pledges; an officer the pledges on their city's projects."""

    serializer_class = s.PledgeSerializer
    filterset_class = PledgeFilter
    ordering_fields = ["offered_at", "expires_at", "quantity", "value_eur"]

    def get_permissions(self) -> list:
        if self.action in ("create", "withdraw", "fulfil"):
            return [IsCompanyMember()]
        if self.action in ("accept", "decline"):
            return [IsOfficer()]
        return [(IsCompanyMember | IsOfficer)()]

    def get_queryset(self) -> QuerySet[Pledge]:
        company, city_id = _company(self.request), _officer_city_id(self.request)
        if company is not None:
            pledges = Pledge.objects.filter(company=company)
        elif city_id is not None:
            pledges = Pledge.objects.filter(need__project__city_id=city_id)
        else:
            pledges = Pledge.objects.none()
        return _with_matched_and_reason(
            pledges.select_related("company", "need__project").order_by("-offered_at", "-id")
        )

    def _answer(self, pledge: Pledge, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.PledgeSerializer(self.get_queryset().get(pk=pledge.pk)).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        company = _company(request)
        offer = s.PledgeOfferSerializer(data=request.data, company=company)
        offer.is_valid(raise_exception=True)
        data = offer.validated_data
        pledge = ledger.pledge_offer(
            need=data["need"],
            company=company,
            quantity=data["quantity"],
            actor=request.user,
            message=data["message"],
            confirm_beyond_capacity=data["confirm_beyond_capacity"],
        )
        return self._answer(pledge, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=_PLEDGE_RESPONSES, summary="Withdraw an offer not yet answered")
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        return self._answer(ledger.pledge_withdraw(pledge=self.get_object(), actor=request.user))

    @extend_schema(
        request=s.PledgeFulfilSerializer,
        responses=_PLEDGE_RESPONSES,
        summary="Declare an accepted pledge given",
    )
    @action(detail=True, methods=["post"])
    def fulfil(self, request: Request, pk: str) -> Response:
        pledge = self.get_object()
        evidence = s.PledgeFulfilSerializer(data=request.data)
        evidence.is_valid(raise_exception=True)
        return self._answer(
            ledger.pledge_fulfil(pledge=pledge, actor=request.user, **evidence.validated_data)
        )

    @extend_schema(request=None, responses=_PLEDGE_RESPONSES, summary="Accept an offered pledge (officers)")
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        return self._answer(ledger.pledge_accept(pledge=self.get_object(), actor=request.user))

    @extend_schema(
        request=s.PledgeDeclineSerializer, responses=_PLEDGE_RESPONSES, summary="Decline a pledge (officers)"
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        pledge = self.get_object()
        reason = s.PledgeDeclineSerializer(data=request.data)
        reason.is_valid(raise_exception=True)
        return self._answer(
            ledger.pledge_decline(pledge=pledge, actor=request.user, reason=reason.validated_data["reason"])
        )


# --- match funds ------------------------------------------------------------------------------------


class FundFilter(filters.FilterSet):
    city = filters.CharFilter(field_name="city__slug")
    status = filters.ChoiceFilter(choices=Fund.Status.choices)

    class Meta:
        model = Fund
        fields = ["city", "status"]


_FUND_WRITE = {
    "request": s.FundWriteSerializer,
    "responses": {200: s.FundSerializer},
}


@extend_schema_view(
    list=extend_schema(summary="Open match funds (an officer also sees their city's drafts and closed ones)"),
    create=extend_schema(
        request=s.FundWriteSerializer,
        responses={201: s.FundSerializer},
        summary="Set up a draft fund in your city (officers)",
    ),
    update=extend_schema(**_FUND_WRITE, summary="Change a fund's pot and rules (officers)"),
    partial_update=extend_schema(**_FUND_WRITE, summary="Change some of a fund's rules (officers)"),
)
class FundViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.FundSerializer
    filterset_class = FundFilter
    ordering_fields = ["priority", "pot_eur", "opens_on", "closes_on"]

    def get_permissions(self) -> list:
        return [AllowAny()] if self.action in ("list", "retrieve") else [IsOfficer()]

    def get_queryset(self) -> QuerySet[Fund]:
        city_id = _officer_city_id(self.request)
        own_city = Q(city_id=city_id) if city_id is not None else Q(pk__in=[])
        # Anyone reads the open funds; only the city's officers see, and act on, the rest.
        visible = own_city | Q(status=Fund.Status.OPEN) if self.action in ("list", "retrieve") else own_city
        return (
            Fund.objects.filter(visible)
            .select_related("city", "sponsor")
            .prefetch_related("themes", "neighbourhoods")
            .order_by("priority", "id")
        )

    def _answer(self, fund: Fund, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.FundSerializer(self.get_queryset().get(pk=fund.pk)).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        city = officer_city(request)
        rules = s.FundWriteSerializer(data=request.data, city_id=city.pk)
        rules.is_valid(raise_exception=True)
        fund = fund_setup.fund_create(city=city, actor=request.user, **rules.validated_data)
        return self._answer(fund, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fund = self.get_object()
        rules = s.FundWriteSerializer(
            fund, data=request.data, partial=kwargs.get("partial", False), city_id=fund.city_id
        )
        rules.is_valid(raise_exception=True)
        return self._answer(fund_setup.fund_update(fund=fund, actor=request.user, **rules.validated_data))

    @extend_schema(request=None, responses=_FUND_WRITE["responses"], summary="Open the fund (officers)")
    @action(detail=True, methods=["post"], url_path="open", url_name="open")
    def open_fund(self, request: Request, pk: str) -> Response:
        return self._answer(funds.fund_open(fund=self.get_object(), actor=request.user))

    @extend_schema(request=None, responses=_FUND_WRITE["responses"], summary="Close the fund (officers)")
    @action(detail=True, methods=["post"], url_path="close", url_name="close")
    def close_fund(self, request: Request, pk: str) -> Response:
        return self._answer(funds.fund_close(fund=self.get_object(), actor=request.user))

    @extend_schema(
        responses=s.FundSimulationSerializer,
        summary="Run the fund's rules over the city's accepted pledges (officers; writes nothing)",
    )
    @action(detail=True, filter_backends=[])
    def simulation(self, request: Request, pk: str) -> Response:
        return Response(s.FundSimulationSerializer(funds.fund_simulate(fund=self.get_object())).data)


# --- matches with their reasons ---------------------------------------------------------------------


@extend_schema_view(list=extend_schema(summary="Projects recommended to your company, best first, with why"))
class RecommendationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsCompanyMember]
    serializer_class = s.RecommendationSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Match]:
        # As the company's dashboard ranks them: published projects only, best fit first.
        return (
            Match.objects.filter(company=_company(self.request), project__status=Project.Status.PUBLISHED)
            .select_related("project__neighbourhood", "project__city")
            .prefetch_related("project__themes")
            .order_by("-score", "project_id")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = [
            {"match": match, "reasons": reasons}
            for match, reasons in matches_with_reasons(page, reader=Reader.COMPANY)
        ]
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


class ProjectCandidatesViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """An officer's view of one of their city's projects: the companies that fit it and why, and the
    coalition proposed to close each open gap."""

    permission_classes = [IsOfficer]
    serializer_class = s.ProjectCandidatesSerializer
    lookup_field = "slug"
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Project]:
        return Project.objects.filter(city_id=_officer_city_id(self.request)).order_by("id")

    @extend_schema(summary="Best-fitting companies for the project, with why (officers)")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        project = self.get_object()
        matches = list(
            Match.objects.filter(project=project, rank_for_project__isnull=False)
            .select_related("project__neighbourhood", "company")
            .order_by("rank_for_project")[:CANDIDATES]
        )
        candidates = [
            {"match": match, "reasons": reasons}
            for match, reasons in matches_with_reasons(matches, reader=Reader.OFFICER)
        ]
        return Response(self.get_serializer({"project": project, "candidates": candidates}).data)

    @extend_schema(
        responses=s.NeedCoalitionSerializer(many=True),
        summary="The coalition proposed for each funding or volunteering need (officers)",
    )
    @action(detail=True, pagination_class=None)
    def coalition(self, request: Request, slug: str) -> Response:
        project = self.get_object()
        needs = project.needs.filter(kind__in=[NeedKind.FUNDING, NeedKind.VOLUNTEERING]).order_by("id")
        coalitions = [coalition_for_need(need=need) for need in needs]
        return Response(s.NeedCoalitionSerializer(coalitions, many=True).data)


# --- impact -----------------------------------------------------------------------------------------


class CityImpactViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [AllowAny]
    queryset = City.objects.order_by("slug")
    serializer_class = s.ImpactSerializer
    lookup_field = "slug"
    filter_backends: list = []

    @extend_schema(
        summary="What companies gave in the city, by neighbourhood, district, theme, SDG and month"
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self.get_serializer(impact(city=self.get_object())).data)


# --- one's own API token ----------------------------------------------------------------------------


def _token_answer(token) -> Response:
    return Response(s.TokenSerializer({"key": token.key, "created": token.created}).data)


class TokenView(APIView):
    """One's own token: read whether it exists, obtain it (with a session, a token or a username and
    password, as DRF's obtain_auth_token), or revoke it."""

    def get_permissions(self) -> list:
        # A POST may carry a username and password instead of a session; the view checks which.
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(responses=s.TokenStatusSerializer, summary="Whether you have an API token (never its key)")
    def get(self, request: Request) -> Response:
        token = tokens.token_of(user=request.user)
        return Response(
            s.TokenStatusSerializer(
                {"has_token": token is not None, "created": token.created if token else None}
            ).data
        )

    @extend_schema(
        request=s.TokenCredentialsSerializer,
        responses=s.TokenSerializer,
        summary="Obtain your API token (the same one until you rotate or revoke it)",
    )
    def post(self, request: Request) -> Response:
        credentials = s.TokenCredentialsSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        if credentials.validated_data:
            check = AuthTokenSerializer(data=request.data, context={"request": request})
            check.is_valid(raise_exception=True)
            user = check.validated_data["user"]
        elif request.user.is_authenticated:
            user = request.user
        else:
            self.permission_denied(request)
        return _token_answer(tokens.token_issue(user=user))

    @extend_schema(responses={204: None}, summary="Revoke your API token")
    def delete(self, request: Request) -> Response:
        tokens.token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenRotateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=s.TokenSerializer, summary="Replace your API token with a new one")
    def post(self, request: Request) -> Response:
        return _token_answer(tokens.token_rotate(user=request.user))
