"""What the API shows and accepts of projects as their City and proposers manage them, of initiatives and of
campaigns. Serializers validate the shape and resolve codes to objects of the caller's city; the services
(projects.services, projects.initiatives, projects.campaigns) decide what is allowed."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import DateTimeFromYear2000Field, EnumField
from api.serializers import NeedSerializer
from neighborhoods.models import City, Neighbourhood
from ngos.models import Organisation
from projects.models import (
    Campaign,
    NeedKind,
    NeedUnit,
    Project,
    ProjectInstrument,
    ProjectOrigin,
    ProjectStatus,
)
from projects.services import allowed_transitions
from taxonomy.models import Skill, Theme


def _city(serializer: serializers.Serializer) -> City | None:
    """The caller's city, given by the view (None while the schema is generated)."""
    return serializer.context.get("city")


# --- writing a project and its needs ----------------------------------------------------------------


class NeedWriteSerializer(serializers.Serializer):
    """One need of the project's full list: with the `id` of an existing need it edits it (only the fields
    given), without one it adds a need; a need of the project left out of the list is removed."""

    id = serializers.IntegerField(required=False, help_text="An existing need of this project, to edit it.")
    kind = EnumField(NeedKind)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    target_quantity = serializers.DecimalField(max_digits=14, decimal_places=2)
    unit = EnumField(
        NeedUnit,
        required=False,
        help_text="Defaults to eur for funding, hours for volunteering.",
    )
    unit_value_eur = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text="1 for funding; a declared value otherwise.",
    )
    skills = serializers.SlugRelatedField(
        many=True, required=False, slug_field="code", queryset=Skill.objects.all(), help_text="Skill codes."
    )
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    allow_oversubscription = serializers.BooleanField(required=False)
    all_or_nothing = serializers.BooleanField(required=False, help_text="Funding only.")


class ProjectWriteSerializer(serializers.Serializer):
    """A City project and its needs in one request (project_create); a draft in the officer's charge."""

    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=300)
    description = serializers.CharField()
    neighbourhood = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Neighbourhood.objects.none(),
        help_text="A neighbourhood code of your city.",
    )
    themes = serializers.SlugRelatedField(
        many=True, slug_field="code", queryset=Theme.objects.all(), help_text="Urban challenge codes."
    )
    instrument = EnumField(ProjectInstrument)
    campaign = serializers.PrimaryKeyRelatedField(
        queryset=Campaign.objects.none(),
        required=False,
        allow_null=True,
        help_text="A campaign of your city.",
    )
    pledge_deadline = DateTimeFromYear2000Field(required=False, allow_null=True)
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    needs = NeedWriteSerializer(many=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        city = _city(self)
        if city is None:
            return
        self.fields["neighbourhood"].queryset = city.neighbourhoods.all()
        if "campaign" in self.fields:
            self.fields["campaign"].queryset = city.campaigns.all()
        if "partners" in self.fields:
            self.fields["partners"].child_relation.queryset = self.partner_choices(city)

    def partner_choices(self, city: City):
        return Organisation.objects.filter(city=city)


class ProjectUpdateSerializer(ProjectWriteSerializer):
    """A project's fields, themes, partners and full list of needs (project_update). Its campaign is
    changed through the campaign's own actions, its status through transitions."""

    campaign = None
    partners = serializers.SlugRelatedField(
        many=True, required=False, slug_field="slug", queryset=Organisation.objects.none(),
        help_text="Slugs of partner NGOs of the project's city.",
    )  # fmt: skip


class InitiativeWriteSerializer(ProjectUpdateSerializer):
    """A company's or NGO's initiative, its needs and partner NGOs (initiative_propose, project_update)."""

    # A call for proposals is the City's own instrument, not one a proposer runs.
    instrument = EnumField(ProjectInstrument, leave_out=[ProjectInstrument.CALL], name="InitiativeInstrument")

    def partner_choices(self, city: City):
        own = self.context.get("organisation")
        partners = Organisation.objects.filter(city=city)
        return partners.exclude(pk=own.pk) if own is not None else partners


# --- reading a managed project ----------------------------------------------------------------------


class ManagedProjectSerializer(serializers.ModelSerializer):
    """A project as its city's officers, or the company or NGO that proposed it, see it: any status."""

    city = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    neighbourhood = serializers.SlugRelatedField(read_only=True, slug_field="code")
    themes = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    instrument = EnumField(ProjectInstrument, read_only=True)
    status = EnumField(ProjectStatus, read_only=True)
    origin = EnumField(ProjectOrigin, read_only=True)
    campaign = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    partners = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    proposed_by = serializers.SerializerMethodField(help_text="The company or NGO that proposed it, if any.")
    review_note = serializers.CharField(
        read_only=True, help_text="The City's request for changes, or why it declined the initiative."
    )
    needs = NeedSerializer(many=True, read_only=True)
    allowed_transitions = serializers.SerializerMethodField(
        help_text="The statuses you may move the project to now (POST them to its transition action)."
    )

    class Meta:
        model = Project
        fields = [
            "id", "city", "slug", "title", "summary", "description", "neighbourhood", "themes", "instrument",
            "status", "origin", "proposed_by", "campaign", "partners", "pledge_deadline", "starts_on",
            "ends_on", "published_at", "review_note", "created_at", "updated_at", "needs",
            "allowed_transitions",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_proposed_by(self, project: Project) -> str | None:
        proposer = project.proposed_by_company or project.proposed_by_organisation
        return str(proposer) if proposer is not None else None

    @extend_schema_field(serializers.ListField(child=EnumField(ProjectStatus)))
    def get_allowed_transitions(self, project: Project) -> list[str]:
        return [
            status.value
            for status in allowed_transitions(project=project, actor=self.context["request"].user)
        ]


class TransitionSerializer(serializers.Serializer):
    to_status = EnumField(ProjectStatus)
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, default="",
        help_text="Required to ask for changes or to decline: the proposer reads it.",
    )  # fmt: skip


# --- initiatives: the City's review -----------------------------------------------------------------


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ChangesRequestSerializer(serializers.Serializer):
    note = serializers.CharField(
        allow_blank=True, max_length=2000, help_text="What should change: the proposer reads it."
    )


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(
        allow_blank=True, max_length=2000, help_text="Why the City declines it: the proposer reads it."
    )


# --- campaigns --------------------------------------------------------------------------------------


class CampaignSerializer(serializers.ModelSerializer):
    city = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    themes = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    projects = serializers.SerializerMethodField(help_text="The ids of its projects you may see.")

    class Meta:
        model = Campaign
        fields = [
            "id", "city", "slug", "title", "description", "themes", "starts_on", "ends_on", "target_eur",
            "projects",
        ]  # fmt: skip
        read_only_fields = fields

    def get_projects(self, campaign: Campaign) -> list[int]:
        # The view prefetches the projects the caller may see into `listed_projects`.
        return [project.pk for project in campaign.listed_projects]


class CampaignWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    themes = serializers.SlugRelatedField(
        many=True, required=False, default=list, slug_field="code", queryset=Theme.objects.all()
    )
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    target_eur = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None,
        help_text="The shared target in EUR, or null for none.",
    )  # fmt: skip


class CampaignProjectSerializer(serializers.Serializer):
    project = serializers.PrimaryKeyRelatedField(
        queryset=Project.objects.none(), help_text="The id of a project of your city."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        city = _city(self)
        if city is not None:
            self.fields["project"].queryset = Project.objects.in_city(city)
