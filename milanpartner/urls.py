from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from accounts.views import sign_up
from milanpartner.throttling import rate_limited
from milanpartner.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(("api.urls", "api"))),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/signup/", sign_up, name="sign_up"),
    # Before the include, so these two of its views answer rate-limited (the include's own stay unreachable).
    path("accounts/login/", rate_limited("sign_in")(auth_views.LoginView.as_view()), name="login"),
    path(
        "accounts/password_reset/",
        rate_limited("password_reset")(auth_views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path(
        "",
        RedirectView.as_view(pattern_name="web:home", permanent=False),
        {"city_slug": settings.DEFAULT_CITY_SLUG},
        name="home",
    ),
    path("<slug:city_slug>/", include("web.urls")),
    path("<slug:city_slug>/", include("accounts.urls")),
    path("<slug:city_slug>/", include("neighborhoods.urls")),
    prefix_default_language=False,
)
