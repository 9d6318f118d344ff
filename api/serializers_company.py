"""The company side of the API: what each reader may see of companies, sites, pledges, funds, matches and
impact, and what a write may carry. Presentation and input checks only: the services act."""

from decimal import Decimal

from rest_framework import serializers

from api.fields import EnumField
from api.serializers import ProjectListSerializer
from companies.models import Company, Site
from ledger.models import Fund, Pledge
from matching.coalition import SolveStatus
from neighborhoods.models import Neighbourhood
from projects.models import Need, Project, ProjectInstrument
from taxonomy.models import Skill, Theme

MONEY = {"max_digits": 14, "decimal_places": 2}
CENT = Decimal("0.01")


def _codes(many_to: type, **extra) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(many=True, slug_field="code", queryset=many_to.objects.all(), **extra)


# --- companies --------------------------------------------------------------------------------------


class PublicCompanySerializer(serializers.ModelSerializer):
    """What anyone may read of a company that agreed to be named in public: nothing of its budget,
    hours, VAT number or people."""

    city = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    themes = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    sector = serializers.CharField(source="ateco_code", read_only=True, help_text="ATECO code, as 62.01.")

    class Meta:
        model = Company
        fields = ["id", "city", "slug", "legal_name", "sector", "size_class", "website", "themes",
                  "csr_statement"]  # fmt: skip


class OwnCompanySerializer(PublicCompanySerializer):
    """The member's own company, with what only its members see."""

    skills = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    preferred_neighbourhoods = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta(PublicCompanySerializer.Meta):
        fields = [
            *PublicCompanySerializer.Meta.fields, "vat_number", "csr_budget_eur", "volunteer_hours_per_year",
            "public_consent", "skills", "preferred_neighbourhoods",
        ]  # fmt: skip


class CompanyProfileSerializer(serializers.Serializer):
    """The profile a member may change (companies.services.PROFILE_FIELDS and PROFILE_SETS)."""

    csr_statement = serializers.CharField(required=False, allow_blank=True)
    csr_budget_eur = serializers.DecimalField(**MONEY, min_value=Decimal(0), required=False)
    volunteer_hours_per_year = serializers.IntegerField(min_value=0, max_value=2_147_483_647, required=False)
    website = serializers.URLField(required=False, allow_blank=True, max_length=200)
    public_consent = serializers.BooleanField(required=False)
    themes = _codes(Theme, required=False)
    skills = _codes(Skill, required=False)
    preferred_neighbourhoods = _codes(Neighbourhood, required=False, help_text="Codes in the company's city.")

    def __init__(self, *args, company: Company | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if company is not None:
            self.fields["preferred_neighbourhoods"].child_relation.queryset = Neighbourhood.objects.filter(
                city_id=company.city_id
            )


class SiteSerializer(serializers.ModelSerializer):
    neighbourhood = serializers.SlugRelatedField(
        read_only=True,
        allow_null=True,
        slug_field="code",
        help_text="Found from the position; null outside the city's neighbourhoods.",
    )

    class Meta:
        model = Site
        fields = ["id", "name", "address", "latitude", "longitude", "neighbourhood", "employees",
                  "is_headquarters"]  # fmt: skip


# --- pledges ----------------------------------------------------------------------------------------


class PledgeSerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(source="need.project", slug_field="slug", read_only=True)
    project_title = serializers.CharField(source="need.project.title", read_only=True)
    need_title = serializers.CharField(source="need.title", read_only=True)
    need_kind = EnumField(Need.Kind, source="need.kind", read_only=True)
    company_name = serializers.CharField(source="company.legal_name", read_only=True)
    matched_eur = serializers.DecimalField(
        **MONEY, read_only=True, help_text="What match funds added (matches given back excluded)."
    )
    decline_reason = serializers.CharField(read_only=True, allow_null=True, help_text="The City's reason.")

    class Meta:
        model = Pledge
        fields = [
            "id", "project", "project_title", "need", "need_title", "need_kind", "company", "company_name",
            "quantity", "value_eur", "matched_eur", "status", "message", "offered_at", "expires_at",
            "beyond_capacity_confirmed", "decided_at", "decline_reason", "fulfilled_at", "evidence_note",
        ]  # fmt: skip
        read_only_fields = fields


class PledgeOfferSerializer(serializers.Serializer):
    need = serializers.PrimaryKeyRelatedField(
        queryset=Need.objects.none(), help_text="A need of a public project in the company's city."
    )
    quantity = serializers.DecimalField(**MONEY, min_value=Decimal("0.01"), help_text="In the need's unit.")
    message = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    confirm_beyond_capacity = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Send again with true after a 400 saying the pledge passes the yearly budget or hours.",
    )

    def __init__(self, *args, company: Company | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if company is not None:
            self.fields["need"].queryset = Need.objects.filter(
                project__city_id=company.city_id, project__status__in=Project.PUBLIC_STATUSES
            )


class PledgeDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="The company reads it.")


class PledgeFulfilSerializer(serializers.Serializer):
    evidence_note = serializers.CharField(max_length=4000, help_text="What was given and when.")
    receipt = serializers.FileField(
        required=False, help_text="A PDF or image (send the request as multipart/form-data)."
    )


# --- funds ------------------------------------------------------------------------------------------


class FundSerializer(serializers.ModelSerializer):
    city = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    sponsor_name = serializers.SerializerMethodField(help_text="Named only if the sponsor agreed to be.")
    remaining_eur = serializers.DecimalField(**MONEY, read_only=True)
    themes = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    neighbourhoods = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    instruments = serializers.ListField(child=EnumField(ProjectInstrument))

    class Meta:
        model = Fund
        fields = [
            "id", "city", "slug", "name", "description", "sponsor", "sponsor_name", "status", "pot_eur",
            "matched_eur", "remaining_eur", "ratio", "cap_per_pledge_eur", "cap_per_company_eur",
            "cap_per_project_eur", "threshold_share", "themes", "neighbourhoods", "instruments", "priority",
            "opens_on", "closes_on",
        ]  # fmt: skip
        read_only_fields = fields

    def get_sponsor_name(self, fund: Fund) -> str | None:
        sponsor = fund.sponsor
        return sponsor.legal_name if sponsor is not None and sponsor.public_consent else None


class FundWriteSerializer(serializers.ModelSerializer):
    """A fund's pot and rules; its status moves only through the open and close actions."""

    sponsor = serializers.PrimaryKeyRelatedField(
        queryset=Company.objects.none(), allow_null=True, required=False, help_text="A company of the city."
    )
    themes = _codes(Theme, required=False)
    neighbourhoods = _codes(Neighbourhood, required=False, help_text="Codes in the fund's city.")
    instruments = serializers.ListField(child=EnumField(ProjectInstrument), required=False)

    class Meta:
        model = Fund
        fields = [
            "name", "description", "sponsor", "pot_eur", "ratio", "cap_per_pledge_eur", "cap_per_company_eur",
            "cap_per_project_eur", "threshold_share", "themes", "neighbourhoods", "instruments", "priority",
            "opens_on", "closes_on",
        ]  # fmt: skip
        # The database's own checks, as field errors before the service's full_clean would name a constraint.
        extra_kwargs = {
            "pot_eur": {"min_value": CENT},
            "ratio": {"min_value": CENT},
            "cap_per_pledge_eur": {"min_value": CENT},
            "cap_per_company_eur": {"min_value": CENT},
            "cap_per_project_eur": {"min_value": CENT},
            "threshold_share": {"min_value": Decimal(0), "max_value": Decimal(1)},
        }

    def __init__(self, *args, city_id: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if city_id is not None:
            self.fields["sponsor"].queryset = Company.objects.filter(city_id=city_id)
            self.fields["neighbourhoods"].child_relation.queryset = Neighbourhood.objects.filter(
                city_id=city_id
            )


class SimulatedProjectSerializer(serializers.Serializer):
    project_id = serializers.IntegerField()
    title = serializers.CharField()
    pledges_matched = serializers.IntegerField()
    matched_eur = serializers.DecimalField(**MONEY)
    wanted_eur = serializers.DecimalField(**MONEY, help_text="What the rules would give with no pot limit.")


class FundSimulationSerializer(serializers.Serializer):
    pot_eur = serializers.DecimalField(**MONEY)
    matched_eur = serializers.DecimalField(**MONEY)
    wanted_eur = serializers.DecimalField(**MONEY)
    pot_left_eur = serializers.DecimalField(**MONEY)
    pot_runs_out = serializers.BooleanField()
    projects = SimulatedProjectSerializer(many=True)


# --- matches with their reasons ---------------------------------------------------------------------


class RecommendationSerializer(serializers.Serializer):
    """A project recommended to the company, with the reasons in the request's language."""

    project = ProjectListSerializer(source="match.project")
    score = serializers.FloatField(source="match.score", help_text="Fit from 0 to 1.")
    reasons = serializers.ListField(child=serializers.CharField())


class CompanyNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = Company
        fields = ["id", "slug", "legal_name"]


class CandidateSerializer(serializers.Serializer):
    company = CompanyNameSerializer(source="match.company")
    score = serializers.FloatField(source="match.score", help_text="Fit from 0 to 1.")
    rank = serializers.IntegerField(source="match.rank_for_project")
    reasons = serializers.ListField(child=serializers.CharField())


class ProjectCandidatesSerializer(serializers.Serializer):
    project = serializers.CharField(source="project.slug")
    title = serializers.CharField(source="project.title")
    candidates = CandidateSerializer(many=True)


class CoalitionMemberSerializer(serializers.Serializer):
    company = CompanyNameSerializer()
    amount = serializers.DecimalField(**MONEY, help_text="EUR for funding, hours for volunteering.")
    fit = serializers.FloatField()


class NeedCoalitionSerializer(serializers.Serializer):
    need = serializers.IntegerField(source="need.pk")
    need_title = serializers.CharField(source="need.title")
    need_kind = EnumField(Need.Kind, source="need.kind")
    unit = serializers.CharField(source="need.unit")
    gap = serializers.DecimalField(**MONEY)
    covered = serializers.DecimalField(**MONEY)
    uncovered = serializers.DecimalField(**MONEY)
    status = serializers.ChoiceField(choices=[status.value for status in SolveStatus])
    optimality_gap = serializers.FloatField()
    candidates = serializers.IntegerField(help_text="Companies ranked for the project that were considered.")
    members = CoalitionMemberSerializer(many=True)


# --- impact -----------------------------------------------------------------------------------------


class ImpactRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    funding_eur = serializers.DecimalField(**MONEY)
    volunteer_hours = serializers.DecimalField(max_digits=14, decimal_places=1)
    goods_eur = serializers.DecimalField(**MONEY)
    total_eur = serializers.DecimalField(**MONEY, help_text="Money, hours and goods at their declared value.")


class ImpactBreakdownSerializer(serializers.Serializer):
    neighbourhood = ImpactRowSerializer(many=True)
    district = ImpactRowSerializer(many=True)
    theme = ImpactRowSerializer(many=True)
    sdg = ImpactRowSerializer(many=True)
    month = ImpactRowSerializer(many=True)


class ImpactSerializer(serializers.Serializer):
    """Accepted and fulfilled support; each breakdown sums to the total."""

    total = ImpactRowSerializer()
    companies = serializers.IntegerField()
    projects = serializers.IntegerField()
    matched_eur = serializers.DecimalField(**MONEY)
    people_reached = serializers.IntegerField()
    by = ImpactBreakdownSerializer()


# --- tokens -----------------------------------------------------------------------------------------


class TokenCredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(required=False, help_text="Leave both out to use your session or token.")
    password = serializers.CharField(required=False, style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Send it as the header `Authorization: Token <key>`.")
    created = serializers.DateTimeField()


class TokenStatusSerializer(serializers.Serializer):
    has_token = serializers.BooleanField()
    created = serializers.DateTimeField(allow_null=True)
