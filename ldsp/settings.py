"""LDSP Hub settings: one module, configured by environment variables only.

Every variable is listed with its default in docs/operations.md. The defaults
run the embedded edition (SQLite under var/, the database task worker, a database
cache, console email); production sets DEBUG=false, SECRET_KEY and an https
SITE_URL, and may point DATABASE_URL, REDIS_URL and EMAIL_HOST elsewhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from ldsp.lib.env import (
    ConfigurationError,
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
# Used only while DEBUG is on; production refuses to start with it (see below).
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-use-in-production"  # noqa: S105

try:
    VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var"))).resolve()
    DEBUG = env_bool("DEBUG", False)
    PORT = env_int("PORT", 8000, minimum=1, maximum=65535)
    SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")
    _site = urlsplit(SITE_URL)
    if _site.scheme not in ("http", "https") or not _site.hostname:
        raise ConfigurationError(
            f"SITE_URL must be an http or https address such as https://ldsp.example.org; "
            f"it is {SITE_URL!r}."
        )
    SITE_HOST = _site.hostname
    # A plain-http address is accepted in production only on this machine's
    # loopback interface, where `ldsp demo` and `make bench` serve.
    SERVES_HTTPS = _site.scheme == "https"
    if not DEBUG and not SERVES_HTTPS and SITE_HOST not in LOOPBACK_HOSTS:
        raise ConfigurationError(
            f"SITE_URL must start with https:// when DEBUG is off; it is {SITE_URL!r}."
        )

    _secret = env_secret("SECRET_KEY")
    if _secret is None:
        if not DEBUG:
            raise ConfigurationError(
                "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off. "
                "`ldsp demo` makes one for you in var/secret_key."
            )
        _secret = DEVELOPMENT_SECRET_KEY
    elif not DEBUG and _secret == DEVELOPMENT_SECRET_KEY:
        raise ConfigurationError("SECRET_KEY is the development default; set a real secret.")
    SECRET_KEY = _secret

    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", sorted({SITE_HOST, *LOOPBACK_HOSTS}))
    DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ldsp.sqlite3'}")
    REDIS_URL = env_str("REDIS_URL", "")
    EMAIL_HOST = env_str("EMAIL_HOST", "")
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1, maximum=65535)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", "") or ""
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
    DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "LDSP Hub <no-reply@localhost>")
    EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 6, minimum=1, maximum=50)
    EXPORT_TIMEOUT_SECONDS = env_int("EXPORT_TIMEOUT_SECONDS", 300, minimum=10)
    EXPORT_MAX_ATTEMPTS = env_int("EXPORT_MAX_ATTEMPTS", 5, minimum=1, maximum=20)
    CONN_MAX_AGE = env_int("CONN_MAX_AGE", 60, minimum=0)
    SUGGESTIONS_OPEN_PER_SECTION = env_int("SUGGESTIONS_OPEN_PER_SECTION", 3, minimum=1)
    CONTRIBUTIONS_PER_HOUR = env_int("CONTRIBUTIONS_PER_HOUR", 30, minimum=1)
    PLAYS_PER_HOUR = env_int("PLAYS_PER_HOUR", 5, minimum=1)
    JOIN_REQUESTS_PER_HOUR = env_int("JOIN_REQUESTS_PER_HOUR", 5, minimum=1)
    # Messages to a partnership's coordinators, per person and per address.
    PARTNERSHIP_MESSAGES_PER_HOUR = env_int("PARTNERSHIP_MESSAGES_PER_HOUR", 5, minimum=1)
    # Reports that a centre's details are wrong, per person and per address.
    CHANGE_REPORTS_PER_HOUR = env_int("CHANGE_REPORTS_PER_HOUR", 5, minimum=1)
    FEEDBACK_PER_HOUR = env_int("FEEDBACK_PER_HOUR", 10, minimum=1)
    FOLLOW_CHANGES_PER_HOUR = env_int("FOLLOW_CHANGES_PER_HOUR", 60, minimum=1)
    API_TOKENS_PER_HOUR = env_int("API_TOKENS_PER_HOUR", 10, minimum=1)
    PROFILE_CHANGES_PER_HOUR = env_int("PROFILE_CHANGES_PER_HOUR", 20, minimum=1)
    BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
    TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1, minimum=1, maximum=10)
    WEB_WORKERS = env_int("WEB_WORKERS", 2, minimum=1, maximum=64)
    LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
    if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise ConfigurationError(
            f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL; it is {LOG_LEVEL!r}."
        )
    if EMAIL_USE_TLS and EMAIL_USE_SSL and EMAIL_HOST:
        raise ConfigurationError("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true.")
    try:
        _database = dj_database_url.parse(DATABASE_URL, conn_max_age=CONN_MAX_AGE)
    except ValueError as error:
        raise ConfigurationError(f"DATABASE_URL cannot be used: {error}") from None
except ConfigurationError as error:
    raise ImproperlyConfigured(str(error)) from None

if _database["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _database["CONN_MAX_AGE"] = 0
    # IMMEDIATE transactions and WAL let the web server and the worker write
    # to one file without "database is locked" failures.
    _database["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    _database["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "allauth",
    "allauth.account",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "govuk_frontend_django",
    "ninja",
    "modelsearch",
    "ldsp.core",
    "ldsp.accounts",
    "ldsp.places",
    "ldsp.partnerships",
    "ldsp.playbook",
    "ldsp.coproduction",
    "ldsp.consultations",
    "ldsp.plays",
    "ldsp.finder",
    "ldsp.dashboards",
]
if _database["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")  # modelsearch's PostgreSQL full-text search

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "ldsp.core.middleware.ExpectedFailuresMiddleware",
]

ROOT_URLCONF = "ldsp.urls"
WSGI_APPLICATION = "ldsp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ldsp" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "ldsp.core.context_processors.site",
            ],
        },
    }
]
FORM_RENDERER = "ldsp.core.forms.GovUKFormRenderer"

# The default cache holds what must not be lost early: sign-in and sign-up rate
# limits (allauth), the page-cache content version and cached sessions. It must
# never evict a live entry, so it is Redis run with `maxmemory-policy noeviction`
# (docs/operations.md) or a database table that only drops expired entries. Whole
# page copies go to "pages", a file cache on each machine that may evict freely:
# the content version that says which copy is current stays in the default cache.
_default_cache: dict[str, Any]
if REDIS_URL:
    _default_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "ldsp",
    }
else:
    _default_cache = {
        "BACKEND": "ldsp.core.cache_backends.DurableDatabaseCache",
        "LOCATION": "ldsp_cache",  # created by a migration (ldsp.core.models.CacheEntry)
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
CACHES: dict[str, dict[str, Any]] = {
    "default": _default_cache,
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 2_000},
    },
}

# Without Redis the default cache is itself a database table, so caching sessions there
# would only write each session twice.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
# Where sign-in leads when no ``next`` says where the person was going.
LOGIN_REDIRECT_URL = "dashboards:home"

ACCOUNT_ADAPTER = "ldsp.accounts.adapter.AccountAdapter"
# "Signed in as …" and allauth's emails name people as every page does, never by username.
ACCOUNT_USER_DISPLAY = "ldsp.accounts.selectors.display_name"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "LDSP Hub: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SERVES_HTTPS else "http"
ACCOUNT_FORMS = {"signup": "ldsp.accounts.forms.SignupForm"}
# Limits per address need the visitor's address, not the load balancer's: behind
# TRUSTED_PROXY_COUNT proxies, it is that many entries from the right of
# X-Forwarded-For (anything further left could be made up by the visitor).
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT if BEHIND_PROXY else 0
# "login_failed" per key (the email address) lets anyone stop password sign-in for
# someone else's address for a while; emailed sign-in codes ("request_login_code")
# and password resets have their own counts, so that person can still get in.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "request_login_code": "20/m/ip,3/m/key",
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "ldsp" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Source maps are for developers' tools; compressing them only slows collectstatic.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "zip",
    "gz",
    "tgz",
    "bz2",
    "tbz",
    "xz",
    "br",
    "swf",
    "flv",
    "woff",
    "woff2",
    "map",
]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

CSRF_FAILURE_VIEW = "ldsp.core.views.csrf_failure"
CSRF_TRUSTED_ORIGINS = [f"{_site.scheme}://{_site.netloc}"]
SESSION_COOKIE_SECURE = SERVES_HTTPS
CSRF_COOKIE_SECURE = SERVES_HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if SERVES_HTTPS and not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = False
    # Behind a load balancer that terminates TLS, trust its forwarded scheme.
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload is a decision for each operator.

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

NINJA_PAGINATION_CLASS = "ldsp.core.pagination.PagePagination"
NINJA_PAGINATION_PER_PAGE = 20
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {"refusals_in_one_line": {"()": "ldsp.core.logfilters.RefusalsInOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django.request": {"filters": ["refusals_in_one_line"]},
        "django_tasks": {"level": LOG_LEVEL},
        # WeasyPrint reports every step at INFO; only its problems matter here.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
