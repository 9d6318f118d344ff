"""The OpenAPI schema tells clients about errors too: drf-spectacular documents only the success answer,
so every operation gets here the error answers DRF and our exception handler (api/exceptions.py) give it.

Which ones, from what the operation has (no per-view code): 400 for a write (a service may refuse it even
with no body) or a read that filters; 401 when it authenticates (a missing or bad token); 403 unless
anonymous callers may read it; 404 for a path with an object's id or a paginated list (a page past the
end); 415 for a body of a media type the view does not parse; 429 for a throttled write. An
answer a view documents itself with extend_schema is left as it is.
"""

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import SAFE_METHODS, AllowAny

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# A service's or serializer's refusal: messages by field ("non_field_errors" for the whole request), or
# {"detail": ...} for a body that could not be parsed.
FIELD_ERRORS = {
    "type": "object",
    "additionalProperties": {},
    "description": "Messages by field (lists of strings, nested for nested fields), `non_field_errors` for "
    "the request as a whole, or `detail` for a body that could not be parsed.",
}
# Query parameters every list takes whose bad values are not a 400: a page past the end is a 404, an
# unknown ordering is ignored.
LIST_PARAMETERS = {"page", "ordering"}


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry) -> dict[str, Any] | None:
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        detail = self._error_component("ErrorDetail", DETAIL)
        errors = {
            "400": ("Invalid request", self._error_component("FieldErrors", FIELD_ERRORS))
            if self._takes_input(operation)
            else None,
            "401": ("Missing or invalid credentials", detail) if self.view.get_authenticators() else None,
            "403": ("Not allowed", detail) if not self._open_to_anonymous_readers() else None,
            "404": ("Not found", detail) if self._may_not_find(operation) else None,
            "415": ("Unsupported media type", detail) if "requestBody" in operation else None,
            "429": ("Too many requests", detail)
            if self.view.get_throttles() and self.method not in SAFE_METHODS
            else None,
        }
        responses = operation["responses"]
        for status, error in errors.items():
            if error is not None and status not in responses:
                description, schema = error
                responses[status] = {
                    "description": description,
                    "content": {"application/json": {"schema": schema}},
                }
        return operation

    def _error_component(self, name: str, schema: dict[str, Any]) -> dict[str, str]:
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name)
        self.registry.register_on_missing(component)
        return component.ref

    def _takes_input(self, operation: dict[str, Any]) -> bool:
        queries = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        return self.method not in SAFE_METHODS or bool(queries - LIST_PARAMETERS)

    def _open_to_anonymous_readers(self) -> bool:
        permissions = [type(permission) for permission in self.view.get_permissions()]
        return self.method in SAFE_METHODS and AllowAny in permissions

    def _may_not_find(self, operation: dict[str, Any]) -> bool:
        return any(p["in"] == "path" or p["name"] == "page" for p in operation.get("parameters", []))
