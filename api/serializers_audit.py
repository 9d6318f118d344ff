"""What the API shows of an audit event: who changed what and when (presentation only, read-only)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from audit.models import Event


class AuditEventSerializer(serializers.ModelSerializer):
    actor_name = serializers.SerializerMethodField(help_text="Empty when the platform itself acted.")
    kind = serializers.SerializerMethodField(help_text='What changed, as "app.model": "ledger.pledge".')
    object = serializers.CharField(source="object_repr", read_only=True, help_text="As it was called then.")
    changes = serializers.JSONField(read_only=True, help_text="field: [before, after]")

    class Meta:
        model = Event
        fields = [
            "id", "occurred_at", "actor", "actor_name", "kind", "object_id", "object", "project_id", "action",
            "from_status", "to_status", "changes", "note",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_actor_name(self, event: Event) -> str:
        return (event.actor.get_full_name() or event.actor.username) if event.actor else ""

    @extend_schema_field(OpenApiTypes.STR)
    def get_kind(self, event: Event) -> str:
        return f"{event.content_type.app_label}.{event.content_type.model}"
