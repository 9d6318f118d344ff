"""The site's URLs plus a few API endpoints of the tests' own, to see the lock-out and the write throttle on
DRF views without depending on any particular endpoint of ours."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from milanpartner.urls import urlpatterns as site_urlpatterns


class _Notes(APIView):
    def get(self, request: Request) -> Response:
        return Response({"notes": []})

    def post(self, request: Request) -> Response:
        return Response({"saved": True}, status=201)

    def delete(self, request: Request) -> Response:
        return Response(status=204)


class OpenNotes(_Notes):
    permission_classes = [AllowAny]


class MemberNotes(_Notes):
    permission_classes = [IsAuthenticated]


urlpatterns = [
    # DRF's own token view: its serializer calls authenticate(request=...), as our token endpoint does.
    path("api/test/token/", obtain_auth_token, name="test-token"),
    path("api/test/open-notes/", OpenNotes.as_view(), name="test-open-notes"),
    path("api/test/member-notes/", MemberNotes.as_view(), name="test-member-notes"),
    *site_urlpatterns,
]
