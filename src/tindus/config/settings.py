"""Django settings for Tindus.

Everything that differs between a laptop and a production server comes from
environment variables, documented in the README ("Settings" table):

- ``TINDUS_ENV``: ``development`` (default) or ``production``.
- ``DATABASE_URL``: the app database; SQLite file under ``var/`` by default.
- ``TINDUS_VAR_DIR``: where data files live (SQLite, warehouse, uploads).
- ``TINDUS_WAREHOUSE``, ``TINDUS_WAREHOUSE_MEMORY``: the DuckDB warehouse file and its memory limit.
- ``SECRET_KEY``: required in production.
- ``ALLOWED_HOSTS``: comma-separated, production only.
- ``EMAIL_URL``-like settings: ``EMAIL_HOST``, ``EMAIL_PORT``, ``EMAIL_HOST_USER``,
  ``EMAIL_HOST_PASSWORD``, ``EMAIL_USE_TLS``, ``DEFAULT_FROM_EMAIL``.
- HTTPS, proxy, sessions, sign-in throttling and the second factor: see docs/deployment.md.
"""

from __future__ import annotations

import importlib.util
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TINDUS_VAR_DIR", Path.cwd() / "var")).resolve()

TINDUS_ENV = os.environ.get("TINDUS_ENV", "development")
if TINDUS_ENV not in {"development", "production"}:
    raise RuntimeError(f"TINDUS_ENV must be 'development' or 'production', not {TINDUS_ENV!r}")
PRODUCTION = TINDUS_ENV == "production"

DEBUG = not PRODUCTION and os.environ.get("TINDUS_DEBUG", "1") == "1"
if PRODUCTION:
    SECRET_KEY = os.environ["SECRET_KEY"]
    ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "tindus-development-only-not-secret")
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

# Demo workspaces and their accounts exist only outside production.
DEMO_ENABLED = not PRODUCTION

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "corsheaders",
    "tindus.core",
    "tindus.referentials",
    "tindus.territories",
    "tindus.accounts",
    "tindus.warehouse",
    "tindus.diagnostic",
    "tindus.plan",
    "tindus.governance",
    "tindus.public",
    "tindus.consultation",
    "tindus.synergies",
    "tindus.events",
    "tindus.employment",
    "tindus.land",
    "tindus.jobs",
    "tindus.backups",
    "tindus.privacy",
    "tindus.demo",
    "tindus.api",
    "tindus.opendata",
    "tindus.programme",
    # after Tindus's apps, so that tindus/api/templates/ninja/ overrides its Swagger page
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tindus.accounts.middleware.SessionLimitsMiddleware",
    "tindus.accounts.middleware.AdminSecondFactorMiddleware",
    # The API (/api/): token, rate limit, body size, ETag; it speaks for the token's holder from here on.
    "tindus.api.middleware.ApiMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tindus.core.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # ?tableau=<id>&format=csv|xlsx: a table of the page, as its view made it for this user, as a file.
    "tindus.core.middleware.TableDownloadMiddleware",
    # Last: turns a sign-in refused for too many failures into the login page with its message.
    "axes.middleware.AxesMiddleware",
]

# The change history records who changed what and when, never the address they came from.
AUDITLOG_DISABLE_REMOTE_ADDR = True

ROOT_URLCONF = "tindus.config.urls"
WSGI_APPLICATION = "tindus.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tindus.core.context_processors.platform",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'tindus.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        # A connection kept open (CONN_MAX_AGE) is checked before each request reuses it: after a database
        # restart the processes reconnect by themselves instead of failing until they are restarted.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server's processes and the task worker share the file: readers do not wait for the writer
    # (WAL), and a writer waits for the lock, taken at the start of its transaction, instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in: too many failed passwords for one username from one address lock that pair for a while
# (django-axes, counted in the database so that every server process sees them).
AUTHENTICATION_BACKENDS = [
    "tindus.accounts.throttling.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("TINDUS_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("TINDUS_LOGIN_LOCK_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_DISABLE_ACCESS_LOG = True  # failures are kept until they expire; successful sign-ins are not logged
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "tindus.accounts.throttling.username"
AXES_CLIENT_IP_CALLABLE = "tindus.accounts.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "tindus.accounts.throttling.locked_out"
# Reverse proxies in front of Tindus that append the client's address to X-Forwarded-For.
PROXY_COUNT = int(os.environ.get("TINDUS_PROXY_COUNT", "0"))

# Optional second factor (TOTP, django-otp) for team members and administrators; mandatory for
# administrators in production unless TINDUS_OTP_ADMINS=0.
OTP_TOTP_ISSUER = "Tindus"
OTP_REQUIRED_FOR_ADMINS = os.environ.get("TINDUS_OTP_ADMINS", "1" if PRODUCTION else "0") == "1"

# A session ends after TINDUS_SESSION_HOURS without a request, and TINDUS_SESSION_MAX_HOURS after
# sign-in whatever the activity (tindus.accounts.middleware.SessionLimitsMiddleware).
SESSION_COOKIE_AGE = int(float(os.environ.get("TINDUS_SESSION_HOURS", "8")) * 3600)
SESSION_MAX_AGE = int(float(os.environ.get("TINDUS_SESSION_MAX_HOURS", "24")) * 3600)

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# The analytical warehouse (DuckDB file) and the memory DuckDB may use while importing.
WAREHOUSE_PATH = Path(os.environ.get("TINDUS_WAREHOUSE", VAR_DIR / "warehouse.duckdb"))
WAREHOUSE_MEMORY_LIMIT = os.environ.get("TINDUS_WAREHOUSE_MEMORY", "4GB")
# Published versions of the warehouse (docs/warehouse.md): how many stay for readers still on them, how
# long a superseded one stays, and how long a writer waits for another one to finish.
WAREHOUSE_KEEP_VERSIONS = int(os.environ.get("TINDUS_WAREHOUSE_KEEP", "3"))
WAREHOUSE_GRACE_SECONDS = float(os.environ.get("TINDUS_WAREHOUSE_GRACE", "600"))
WAREHOUSE_LOCK_WAIT = float(os.environ.get("TINDUS_WAREHOUSE_LOCK_WAIT", "3600"))

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# WhiteNoise serves the static files. In production they are collected into STATIC_ROOT (`tindus serve`
# does it) with hashed, compressed copies; elsewhere they are read from the apps' folders.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},  # MEDIA_ROOT, or S3 below
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
# Uploaded files and job results. On several machines, MEDIA_ROOT is a folder every machine shares
# (TINDUS_MEDIA_ROOT), or the files go to an S3-compatible store through django-storages
# (TINDUS_S3_BUCKET; `pip install 'tindus[s3]'`). Every file is served through a view that checks
# permissions, never from the store's own address.
MEDIA_ROOT = Path(os.environ.get("TINDUS_MEDIA_ROOT", VAR_DIR / "media")).resolve()
MEDIA_URL = "/media/"
if os.environ.get("TINDUS_S3_BUCKET"):
    if importlib.util.find_spec("storages") is None:
        raise RuntimeError("TINDUS_S3_BUCKET needs django-storages and boto3: pip install 'tindus[s3]'")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["TINDUS_S3_BUCKET"],
            "location": os.environ.get("TINDUS_S3_PREFIX", ""),
            # Empty: boto3 finds the credentials itself (AWS_* variables, its files, the machine's role).
            "endpoint_url": os.environ.get("TINDUS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("TINDUS_S3_REGION") or None,
            "access_key": os.environ.get("TINDUS_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("TINDUS_S3_SECRET_KEY") or None,
            "default_acl": "private",
            "file_overwrite": False,
        },
    }

# Background tasks (django-tasks, the backport of Django 6's django.tasks) queued in the app database;
# `tindus worker` runs them (docs/tasks.md). A worker silent for TINDUS_WORKER_LEASE seconds is taken
# for dead and its running task goes back to the queue; jobs and their files are kept
# TINDUS_JOB_RETENTION_DAYS days after they finish.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TINDUS_WORKER_LEASE = float(os.environ.get("TINDUS_WORKER_LEASE", "60"))
TINDUS_JOB_RETENTION_DAYS = int(os.environ.get("TINDUS_JOB_RETENTION_DAYS", "30"))
# Personal data of a consultation (invitations: establishment, e-mail, personal link; unfinished drafts)
# are deleted this many days after the campaign closes (docs/consultation.md).
TINDUS_CONSULTATION_RETENTION_DAYS = int(os.environ.get("TINDUS_CONSULTATION_RETENTION_DAYS", "730"))
# The warehouse's SIRENE or URSSAF data count as stale this many days after a newer release is due
# (a daily task logs it; docs/tasks.md).
TINDUS_DATA_STALE_DAYS = int(os.environ.get("TINDUS_DATA_STALE_DAYS", "30"))

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Tindus <ne-pas-repondre@tindus.localhost>")

# Nothing shared between processes lives in this cache: sessions, sign-in failures (django-axes), second-factor
# throttling and the task queue are in the database, so any number of processes and machines may serve.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The open API (docs/api.md). Rate limits are per minute, shared by every process through the database.
TINDUS_API_RATE_ADDRESS = int(os.environ.get("TINDUS_API_RATE_ADDRESS", "300"))
TINDUS_API_RATE_TOKEN = int(os.environ.get("TINDUS_API_RATE_TOKEN", "1200"))
TINDUS_API_MAX_BODY = int(os.environ.get("TINDUS_API_MAX_BODY", str(1024 * 1024)))
# CORS: only the API's public read endpoints, chosen by tindus.api.cors; no credentials cross origins.
CORS_URLS_REGEX = r"^$"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "accept-language", "if-none-match")
CORS_EXPOSE_HEADERS = ("ETag", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy",
                       "Retry-After")  # fmt: skip
CORS_ALLOW_CREDENTIALS = False
NINJA_PAGINATION_PER_PAGE = 50

# Security headers and HTTPS (docs/deployment.md). In production Tindus is reached over HTTPS through a
# reverse proxy that terminates TLS and says so in a header (TINDUS_PROXY_SSL_HEADER).
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
HTTPS = PRODUCTION and os.environ.get("TINDUS_HTTPS", "1") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]  # health probes from the machine itself speak plain HTTP
SECURE_HSTS_SECONDS = int(os.environ.get("TINDUS_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = os.environ.get("TINDUS_HSTS_SUBDOMAINS", "1") == "1"
_proxy_ssl_header = os.environ.get("TINDUS_PROXY_SSL_HEADER", "X-Forwarded-Proto" if PRODUCTION else "")
if _proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")

# Nothing is loaded from another host, and no inline script or style runs (django-csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "style-src": [SELF],
        "script-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        **({"upgrade-insecure-requests": True} if HTTPS else {}),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # WeasyPrint warns about every screen-only CSS property it skips when printing.
    "loggers": {name: {"level": "ERROR"} for name in ("weasyprint", "fontTools")},
}
