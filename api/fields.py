"""A choice field named after its enum, so the schema has one component per enum (ProjectStatusEnum,
CallStatusEnum, ...) instead of one "StatusEnum" per model that drf-spectacular would have to tell apart."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_description_list
from rest_framework import serializers


class EnumField(serializers.ChoiceField):
    """The values of `enum` (less `leave_out`); its schema component is `<name or enum's name>Enum`."""

    def __init__(
        self, enum: type[TextChoices], *, leave_out: Iterable[str] = (), name: str = "", **kwargs: Any
    ) -> None:
        left_out = set(leave_out)
        self.component_name = f"{name or enum.__name__}Enum"
        super().__init__(choices=[(v, label) for v, label in enum.choices if v not in left_out], **kwargs)


class EnumFieldExtension(OpenApiSerializerFieldExtension):
    target_class = EnumField

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        field: EnumField = self.target
        choices = [(value, str(label)) for value, label in field.choices.items()]
        component = ResolvedComponent(
            name=field.component_name,
            type=ResolvedComponent.SCHEMA,
            object=field.component_name,
            schema={
                "type": "string",
                "enum": [value for value, _label in choices],
                "description": build_choice_description_list(choices),
            },
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


class DateTimeFromYear2000Field(serializers.DateTimeField):
    """A moment of the platform's era: before 1900 the local time zone is a solar one (Rome: +00:49:56),
    whose offset no RFC 3339 client can read back, and no project or call is dated before 2000 anyway."""

    default_error_messages = {"too_early": _("Give a date from the year 2000 on.")}

    def to_internal_value(self, value: Any) -> datetime:
        moment = super().to_internal_value(value)
        if moment.year < 2000:
            self.fail("too_early")
        return moment
