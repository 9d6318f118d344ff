"""The services speak Django (ValidationError, PermissionDenied); the API answers them as DRF would."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def _detail(error: DjangoValidationError) -> Any:
    if hasattr(error, "error_dict"):
        # Errors not tied to a field (NON_FIELD_ERRORS, "__all__") under DRF's own key.
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in error.message_dict.items()
        }
    return {"non_field_errors": error.messages}


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """A service's refusal becomes a 400 with its field errors, never a 500 (DRF's own handler already
    answers Django's PermissionDenied with 403 and Http404 with 404)."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_detail(exc))
    return drf_exception_handler(exc, context)


@csrf_exempt  # as DRF's views are: a POST to a missing URL is a 404, not a CSRF failure page
def not_found(request: HttpRequest) -> JsonResponse:
    """A URL under the API that no route matches gets the API's own 404, in JSON, not the site's HTML page
    (an id that breaks a route's pattern, `/pledges/1.5/`, is as missing as one with no object)."""
    return JsonResponse({"detail": str(exceptions.NotFound.default_detail)}, status=404)
