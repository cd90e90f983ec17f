"""Django settings for Samordna, read from the environment (see .env.example)."""

import sys
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from samordna.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(
    env_str("SAMORDNA_VAR_DIR")
    or (_REPO_DIR / "var" if (_REPO_DIR / "pyproject.toml").exists() else Path.cwd() / "var")
)

TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-only-for-development-and-tests"  # noqa: S105
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set (or SECRET_KEY_FILE) when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if (DEBUG or TESTING) else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

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
    "drf_spectacular",
    "django_htmx",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "samordna.core",
    "samordna.reporting",
    "samordna.organisations",
    "samordna.interventions",
    "samordna.participants",
    "samordna.finance",
    "samordna.activities",
    "samordna.surveys",
    "samordna.reports",
    "samordna.publications",
    "samordna.planning",
    "samordna.governance",
    "samordna.documents",
    "samordna.accounts",
    "samordna.onboarding",
    "samordna.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "samordna.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samordna.core.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "samordna.core.middleware.RefuseNulMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "samordna.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samordna.urls"
WSGI_APPLICATION = "samordna.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samordna.core.context_processors.navigation",
                "samordna.core.context_processors.help_link",
            ],
        },
    },
]

# Database: DATABASE_URL (sqlite:///path or postgres://user@host:port/db), else a SQLite file under var/.
DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'samordna.sqlite3'}"
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not understood: {exc}") from exc
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["CONN_MAX_AGE"] = 0
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
elif _db["ENGINE"] == "django.db.backends.postgresql":
    _db["CONN_HEALTH_CHECKS"] = True
    # Connections pooled per process (psycopg's pool, docs/operations.md): DB_POOL_MAX_SIZE at least the threads of
    # a gunicorn worker; (processes × DB_POOL_MAX_SIZE) for every app server together below max_connections.
    if env_bool("DB_POOL", True):
        _db["CONN_MAX_AGE"] = 0  # the pool keeps the connections; Django refuses persistent ones beside it
        _db["CONN_HEALTH_CHECKS"] = False
        _db.setdefault("OPTIONS", {})["pool"] = {
            "min_size": env_int("DB_POOL_MIN_SIZE", 1),
            "max_size": env_int("DB_POOL_MAX_SIZE", 6),
            "timeout": env_int("DB_POOL_TIMEOUT", 10),
        }
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache (docs/operations.md): local memory in each process unless CACHE_URL names a shared one:
# redis://host:6379/0 (needs the redis package) or db://samordna_cache (run `samordna createcachetable`).
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL.startswith("db://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_URL.removeprefix("db://") or "samordna_cache",
        }
    }
elif CACHE_URL:
    raise ImproperlyConfigured("CACHE_URL must start with redis://, rediss:// or db://.")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "samordna"}}
# Report results are cached this many seconds, keyed by the förbund's data version (reporting/cache.py); 0 = off.
# Off in the tests (a test's transaction never commits, so the version never moves); tests of the cache turn it on.
REPORT_CACHE_SECONDS = env_int("REPORT_CACHE_SECONDS", 0 if TESTING else 600)
REPORT_CACHE_ALIAS = "default"

# Background jobs (core.jobs; docs/operations.md): documents and large reports are made by `samordna db_worker`,
# which `make run` starts beside the server. JOBS_IN_REQUEST=true makes them in the request instead (no worker:
# a development server, or the tests). Finished jobs and their files are removed after SAMORDNA_JOB_KEEP_HOURS.
JOBS_IN_REQUEST = env_bool("JOBS_IN_REQUEST", TESTING)
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend" if JOBS_IN_REQUEST else "django_tasks_db.DatabaseBackend"
        ),
    }
}
SAMORDNA_JOB_KEEP_HOURS = env_int("SAMORDNA_JOB_KEEP_HOURS", 24)
SAMORDNA_JOB_MAX_OPEN = env_int("SAMORDNA_JOB_MAX_OPEN", 3)

AUTH_USER_MODEL = "core.User"
# Second factor (TOTP, django-otp; accounts/two_factor.py): the issuer shown in the authenticator app.
OTP_TOTP_ISSUER = "Samordna"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "samordna.core.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests create many users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
# Locked by IP address (one address trying many usernames) and, separately, by username (one account tried from
# many addresses). The same answer whether or not the username exists.
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "samordna.core.middleware.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# E-mail (the "forgotten password" links). The console backend prints mails to the log: the default with DEBUG and
# in the demo (`make run`); a real server sets EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the
# EMAIL_* settings below (docs/operations.md).
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)  # port 465
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL)  # STARTTLS, port 587
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "samordna@localhost")
# A reset link works for PASSWORD_RESET_TIMEOUT seconds and only once (it is bound to the current password).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_HOURS", 2) * 3600
# Reset requests per client address and per e-mail address in an hour; more get the same answer but no mail.
PASSWORD_RESET_LIMIT = env_int("PASSWORD_RESET_LIMIT", 5)

# Sessions and cookies. A session ends after SESSION_COOKIE_AGE seconds without a request. It is not written on
# every request: SessionRefreshMiddleware saves it again (moving its expiry) when its last save is older than
# SESSION_REFRESH_SECONDS, so an idle session ends between AGE - REFRESH and AGE after its last request.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_REFRESH_SECONDS = min(env_int("SESSION_REFRESH_SECONDS", 5 * 60), SESSION_COOKIE_AGE // 2)

# Uploads: import files over SAMORDNA_MAX_UPLOAD_BYTES are refused on their size before they are read
# (samordna.core.imports.uploads); files over FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file, never memory.
SAMORDNA_MAX_UPLOAD_BYTES = env_int("SAMORDNA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)  # form fields, not files
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Uploaded handlingar of board meetings (governance), stored per förbund under MEDIA_ROOT/governance/<slug>/ and
# served only through the app's access-checked download view (never as public media). Tests use a temporary dir.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="samordna-media-")) if TESTING else VAR_DIR / "media"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False  # see SESSION_REFRESH_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# HTTPS_ONLY: the site is served over HTTPS only. On by default when DEBUG is off: plain http is redirected to
# https, HSTS is sent and cookies are secure. `make run` sets HTTPS_ONLY=false for the local http demo.
HTTPS_ONLY = env_bool("HTTPS_ONLY", not DEBUG and not TESTING)
SECURE = env_bool("SECURE_COOKIES", HTTPS_ONLY)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS_ONLY)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60 if HTTPS_ONLY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4) on every response: scripts and stylesheets only from our own static files,
# no inline <script>, no inline event handlers, no eval, no inline style (neither <style> nor style attributes).
# htmx's own indicator <style> is switched off in base.html (meta htmx-config) and its rules live in samordna.css.
# Charts are plain SVG drawn by samordna.reporting.renderers.svg_charts, coloured with presentation attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Cache-Control: no-store on row-level pages (these URL namespaces), on the API and on every attachment (exports).
# A single view elsewhere can use django.views.decorators.cache.never_cache. See samordna.core.middleware.
NO_STORE_NAMESPACES = ["participants", "surveys"]  # surveys: an admin's page shows free-text answers
NO_STORE_PATH_PREFIXES = ["/api/"]

LANGUAGE_CODE = "sv"
# Dates typed only as ÅÅÅÅ-MM-DD (samordna/core/formats/sv/formats.py); the rest of Django's Swedish formats.
FORMAT_MODULE_PATH = ["samordna.core.formats"]
# Samordna speaks Swedish only, so a browser set to English still gets Swedish numbers (0,5) and dates: the
# language is never taken from the browser. A translation would add its language here.
LANGUAGES = [("sv", _("Svenska"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Samordna API",
    "DESCRIPTION": "API för samordningsförbund: medlemmar, styrelse, insatser och uppföljning.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"] = ["rest_framework.permissions.IsAuthenticated"]
