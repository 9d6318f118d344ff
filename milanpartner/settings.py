"""MilanPartner settings, read from the environment.

With nothing set the project runs embedded: SQLite, Celery tasks run eagerly, mail
goes to the console. Production sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL, REDIS_URL and EMAIL_URL (see .env.example).
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from milanpartner.env import env_bool, env_int, env_list, env_rate, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-embedded-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    # Ours, from the bottom floor up (see STYLE.md): each may import only those above it in this list.
    "taxonomy",
    "neighborhoods",
    "audit",
    "accounts",
    "companies",
    "ngos",
    "projects",
    "ledger",
    "matching",
    "notifications",
    "api",
    "web",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "api.middleware.ApiLanguageMiddleware",  # after LocaleMiddleware: Accept-Language for the API
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes asks: it turns a locked-out sign-in into milanpartner.lockout.locked_out's answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "milanpartner.urls"
WSGI_APPLICATION = "milanpartner.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "milanpartner.context_processors.platform",
            ],
        },
    },
]

# Database: DATABASE_URL, or an SQLite file beside the project.
DATABASE_URL = env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60))}
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL Django can use: {error}") from None
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Axes first: it refuses a locked-out client before any password is checked. It needs `request` in every
# authenticate() call (Django's login form and DRF's token serializer pass it; tests use force_login).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Redis serves the cache and Celery; without it, a local-memory cache and eager tasks.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Europe/Rome"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The schedule, in Rome's time (notifications/jobs.py: each may run twice); `run_jobs` runs them by hand.
CELERY_BEAT_SCHEDULE = {
    "nightly-matching": {"task": "notifications.tasks.jobs_nightly", "schedule": crontab(hour=2, minute=30)},
    "hourly-deadlines": {"task": "notifications.tasks.jobs_hourly", "schedule": crontab(minute=5)},
    "weekly-digests": {
        "task": "notifications.tasks.jobs_weekly",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon"),
    },
}

# Mail: EMAIL_URL (smtp://user:pass@host:587/?tls=True), or the console.
EMAIL_URL = env_str("EMAIL_URL", default="console:")
try:
    _email = dj_email_url.parse(EMAIL_URL)
except (KeyError, ValueError) as error:
    raise ImproperlyConfigured(f"EMAIL_URL={EMAIL_URL!r} is not a mail URL: {error}") from None
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="MilanPartner <noreply@milanpartner.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Italian by default, English available.
LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Attachments, receipts and photos: checked by content in milanpartner/uploads.py.
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)

REST_FRAMEWORK = {
    # Sessions for the pages' own calls, tokens for integrations (a company's ERP, an open-data portal).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes an anonymous call a 401, not a bare 403.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Closed unless a view opens itself: a view that forgets its permissions leaks nothing.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.JSONParser",
        "api.parsers.FormParser",
        "api.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # Writes only (api/throttling.py): per user, or per client address for anonymous callers.
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.UserWriteThrottle", "api.throttling.AnonWriteThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "write_user": env_rate("API_WRITE_RATE_USER", default="120/minute"),
        "write_anon": env_rate("API_WRITE_RATE_ANON", default="20/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "MilanPartner API",
    "DESCRIPTION": "Cities, neighbourhoods and their need index, urban challenges, projects and their needs.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from the sidecar package's static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Re-score a project or company as soon as a change to it commits (matching/receivers.py).
MATCHING_REFRESH_ON_CHANGE = env_bool("MATCHING_REFRESH_ON_CHANGE", default=True)

# Anonymous visitors' public pages, cached until a change in their city or this many seconds (0: off).
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", default=300)

# The city a visitor lands on when the URL names none.
DEFAULT_CITY_SLUG = env_str("DEFAULT_CITY_SLUG", default="milano")

# --- Hardening ---------------------------------------------------------------------------------------
# Reverse proxies in front of the app that append the client's address to X-Forwarded-For (0: none, the
# connection's own address is the client's). Rate limits and the sign-in lock-out key on that address.
NUM_PROXIES = env_int("NUM_PROXIES", default=0)
if NUM_PROXIES < 0:
    raise ImproperlyConfigured(f"NUM_PROXIES={NUM_PROXIES} cannot be negative.")

# Sign-in lock-out (django-axes, milanpartner/lockout.py): this many failures for one username from one
# address lock that pair out for the cool-off; a success clears the count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # failures are kept (for the cool-off), successful sign-ins are not logged
AXES_HANDLER = "milanpartner.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "milanpartner.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "milanpartner.throttling.client_ip"
AXES_VERBOSE = False  # no start-up banner on every manage.py command
if AXES_FAILURE_LIMIT < 1 or AXES_COOLOFF_TIME.total_seconds() <= 0:
    raise ImproperlyConfigured("AXES_FAILURE_LIMIT and AXES_COOLOFF_MINUTES must be positive.")

# POSTs per client address to the pages that sign in, create accounts or send mail
# (milanpartner/throttling.py), each "<count>/<second|minute|hour|day>" or off.
RATE_LIMITS = {
    "sign_in": env_rate("RATE_LIMIT_SIGN_IN", default="20/minute"),
    "sign_up": env_rate("RATE_LIMIT_SIGN_UP", default="20/hour"),
    "password_reset": env_rate("RATE_LIMIT_PASSWORD_RESET", default="10/hour"),
}

# Content-Security-Policy (django-csp): scripts and styles from our own static files only, nothing inline.
# The API's Swagger UI and Redoc pages widen it for themselves (api/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Leaflet and Chart.js draw from static files; the map has no tile server.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Where browsers report what the policy blocked (optional). Not a CSP_* setting: django-csp 4 refuses those.
_csp_report_uri = env_str("CSP_REPORT_URI")
if _csp_report_uri:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [_csp_report_uri]

# Production hardening: on whenever DEBUG is off, so `check --deploy` is clean.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The container healthcheck speaks plain HTTP from inside the host.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
