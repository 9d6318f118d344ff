"""What the API shows and accepts of calls, their criteria and the NGOs' applications. The services in
projects.calls and projects.applications decide what is allowed; attachments are uploaded and downloaded
on the pages only (multipart uploads are not part of this API)."""

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import DateTimeFromYear2000Field, EnumField
from projects.models import (
    Application,
    ApplicationScore,
    ApplicationStatus,
    Call,
    CallStatus,
    EvaluationCriterion,
    Project,
)
from taxonomy.models import Theme


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvaluationCriterion
        fields = ["id", "name", "description", "weight", "max_score"]
        read_only_fields = fields


class CallSerializer(serializers.ModelSerializer):
    city = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    themes = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    project = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    status = EnumField(CallStatus, read_only=True)
    is_open = serializers.SerializerMethodField(help_text="Open for applications now.")
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Call
        fields = [
            "id", "city", "slug", "title", "description", "eligibility", "themes", "project", "status",
            "opens_at", "deadline", "is_open", "budget_eur", "criteria",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_is_open(self, call: Call) -> bool:
        return call.status == CallStatus.OPEN and call.opens_at <= timezone.now() < call.deadline


class OfficerCallSerializer(CallSerializer):
    received = serializers.IntegerField(read_only=True, help_text="Applications submitted to it.")
    in_the_running = serializers.IntegerField(read_only=True, help_text="Submitted or shortlisted.")
    accepted = serializers.IntegerField(read_only=True)

    class Meta(CallSerializer.Meta):
        fields = [*CallSerializer.Meta.fields, "received", "in_the_running", "accepted"]
        read_only_fields = fields


class CriterionWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    weight = serializers.DecimalField(
        max_digits=5, decimal_places=2, help_text="In %; 100 in all to publish."
    )
    max_score = serializers.IntegerField(min_value=1, max_value=100, required=False, default=10)


class CallWriteSerializer(serializers.Serializer):
    """A call of your city, saved as a draft with its criteria; publish it once their weights total 100."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField()
    eligibility = serializers.CharField(help_text="Who may apply.")
    themes = serializers.SlugRelatedField(
        many=True, required=False, default=list, slug_field="code", queryset=Theme.objects.all()
    )
    project = serializers.PrimaryKeyRelatedField(
        queryset=Project.objects.none(), required=False, allow_null=True, default=None,
        help_text="A project of your city the call is for, if any.",
    )  # fmt: skip
    opens_at = DateTimeFromYear2000Field()
    deadline = DateTimeFromYear2000Field()
    budget_eur = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )
    criteria = CriterionWriteSerializer(many=True, required=False, default=list)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        city = self.context.get("city")
        if city is not None:
            self.fields["project"].queryset = Project.objects.in_city(city)


# --- applications -----------------------------------------------------------------------------------


class ApplicationSerializer(serializers.ModelSerializer):
    """An application as the NGO that sent it sees it: the City's decision and its reason included."""

    call = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    call_title = serializers.CharField(source="call.title", read_only=True, allow_null=True, default=None)
    project = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    status = EnumField(ApplicationStatus, read_only=True)
    attachments = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="original_name",
        help_text="The names of its attachments (uploaded and downloaded on the pages).",
    )  # fmt: skip

    class Meta:
        model = Application
        fields = [
            "id", "call", "call_title", "project", "status", "proposal", "budget_eur", "submitted_at",
            "decided_at", "decision_reason", "attachments",
        ]  # fmt: skip
        read_only_fields = fields


class ApplicationSubmitSerializer(serializers.Serializer):
    call = serializers.PrimaryKeyRelatedField(
        queryset=Call.objects.none(), help_text="The id of an open call of your city."
    )
    proposal = serializers.CharField(max_length=20_000)
    budget_eur = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )
    partners_note = serializers.CharField(
        required=False, allow_blank=True, max_length=2_000, default="",
        help_text="Other organisations, schools or groups you will work with.",
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        city = self.context.get("city")
        if city is not None:
            # A draft call is the City's own: its id is as unknown as one that does not exist.
            self.fields["call"].queryset = Call.objects.filter(city=city).exclude(status=CallStatus.DRAFT)


class ScoreSerializer(serializers.ModelSerializer):
    reviewer = serializers.SlugRelatedField(read_only=True, allow_null=True, slug_field="username")

    class Meta:
        model = ApplicationScore
        fields = ["criterion", "reviewer", "score", "comment"]
        read_only_fields = fields


class ReviewedApplicationSerializer(ApplicationSerializer):
    """An application as its call's city's officers see it: who sent it, and every reviewer's scores."""

    organisation = serializers.SlugRelatedField(read_only=True, slug_field="name")
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "organisation", "scores"]
        read_only_fields = fields


class CriterionScoreSerializer(serializers.Serializer):
    criterion = serializers.PrimaryKeyRelatedField(
        queryset=EvaluationCriterion.objects.none(), help_text="A criterion of the application's call."
    )
    score = serializers.IntegerField(min_value=0, help_text="From 0 to the criterion's max_score.")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2_000, default="")


class ScoresSerializer(serializers.Serializer):
    """Your scores on some or all criteria of the call: all saved, or none. Scoring again replaces them."""

    scores = CriterionScoreSerializer(many=True, allow_empty=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        call = self.context.get("call")
        if call is not None:
            self.fields["scores"].child.fields["criterion"].queryset = call.criteria.all()


class DecisionSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=4_000, default="", help_text="The NGO reads it."
    )


class RejectionSerializer(serializers.Serializer):
    reason = serializers.CharField(
        allow_blank=True, max_length=4_000, help_text="Required: the NGO reads it."
    )


class RankedApplicationSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    application = serializers.IntegerField(source="application.pk")
    organisation = serializers.CharField(source="application.organisation.name")
    status = EnumField(ApplicationStatus, source="application.status")
    score = serializers.DecimalField(
        max_digits=5, decimal_places=2, help_text="0 to 100: the weighted mean of the reviewers' scores."
    )
    reviewed_criteria = serializers.IntegerField(help_text="How many of the call's criteria were scored.")
