"""The one settings module. Every value that differs between machines comes from the environment.

`.env.example` lists each variable. Safe by default: DEBUG is off unless turned on, and a
production deployment must say who it is (SECRET_KEY, ALLOWED_HOSTS).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """A variable's value, or the content of the file named by NAME_FILE (for secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name, str(default)).strip().lower()
    if value in ("true", "1", "yes", "on"):
        return True
    if value in ("false", "0", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be True or False, got {value!r}")


def env_int(name: str, default: int) -> int:
    value = env(name, str(default))
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY") or ("insecure-key-for-local-development-only" if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off (see .env.example)")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The public address printed on documents that leave the system (a certificate's QR code).
SITE_URL = env(
    "SITE_URL", f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS and not DEBUG else "http://127.0.0.1:8000"
)

# Where the SQLite file, uploads and other local state live when no other place is given.
VAR_DIR = Path(env("VAR_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves the API docs' assets from the package instead of a CDN
    "axes",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "wirausaha.common",
    "wirausaha.accounts",
    "wirausaha.reference",
    "wirausaha.registry",
    "wirausaha.programs",
    "wirausaha.centres",
    "wirausaha.allocation",
    "wirausaha.training",
    "wirausaha.coaching",
    "wirausaha.licensing",
    "wirausaha.finance",
    "wirausaha.market",
    "wirausaha.grievances",
    "wirausaha.monitoring",
    "wirausaha.operations",
    "wirausaha.notifications",
    "wirausaha.documents",
    "wirausaha.journey",
    "wirausaha.api",
    "wirausaha.demo",
]

MIDDLEWARE = [
    # First: the request id that every log line carries, and the time /metrics reports.
    "wirausaha.operations.middleware.RequestIdAndMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so that static files stay cacheable.
    "wirausaha.common.middleware.SecurityHeadersMiddleware",
    "wirausaha.common.middleware.ApiJsonErrorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wirausaha.common.middleware.IndonesianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Bad input refused at the edge, before any view or database sees it: a body over the limit
    # before it is read (413), control characters (400).
    "wirausaha.common.middleware.LimitRequestSizeMiddleware",
    "wirausaha.common.middleware.RejectControlCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "wirausaha.accounts.middleware.LoginRequiredExceptApiMiddleware",
    "wirausaha.accounts.throttle.KnownDeviceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so that it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
    # After every other middleware's view hook: the dashboard's reads go to the replica if there is one.
    "wirausaha.operations.replica.ReplicaReadsMiddleware",
]

ROOT_URLCONF = "wirausaha.urls"
WSGI_APPLICATION = "wirausaha.wsgi.application"

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
            ],
        },
    },
]

# Database: an SQLite file by default, so one command runs everything on a laptop;
# DATABASE_URL (postgres://...) for production and CI.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'wirausaha.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the background worker write while pages read; the timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    if not env("DATABASE_URL"):
        VAR_DIR.mkdir(parents=True, exist_ok=True)
elif env_bool("DATABASE_PREPARED_STATEMENTS", True):
    # PostgreSQL binds the parameters itself, and a statement run five times on a connection is
    # prepared (psycopg's automatic preparation): the registration's statement and the scoped
    # SELECTs that every request repeats are then not parsed again, and PostgreSQL keeps one plan
    # for all values where planning each time would not do better (plan_cache_mode=auto). An
    # import, whose tables grow while it writes, plans each statement for its values
    # (registry/imports.py). Behind a pooler in transaction mode that does not keep prepared
    # statements, set DATABASE_PREPARED_STATEMENTS=False.
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A read-only replica (a PostgreSQL streaming standby) for the dashboard and its exports:
# DATABASE_REPLICA_URL adds the alias `replica`, and the views in REPLICA_VIEWS read from it
# (wirausaha/operations/replica.py); writes, logins and every other page stay on `default`.
# In tests the alias mirrors `default`.
if env("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            env("DATABASE_REPLICA_URL"),
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        ),
        "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["wirausaha.operations.replica.ReplicaRouter"]
REPLICA_VIEWS = env_list(
    "REPLICA_VIEWS",
    "monitoring:dashboard,monitoring:export_csv,monitoring:export_xlsx,monitoring:export_open_data",
)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # The login policy (accounts/throttle.py): the client address first, then the account.
    "wirausaha.accounts.throttle.ClientAddressThrottle",
    "axes.backends.AxesStandaloneBackend",
    "wirausaha.accounts.backends.UsernameOrPhoneBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The client's address: REMOTE_ADDR, or, behind a reverse proxy, the address the proxy saw, read
# from the header it sets (e.g. X-Forwarded-For), trusting only the last TRUSTED_PROXY_COUNT
# entries, which our own proxies wrote. Unset, no header is believed.
TRUSTED_PROXY_HEADER = env("TRUSTED_PROXY_HEADER")
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if TRUSTED_PROXY_HEADER else 0)

# Login policy (accounts/throttle.py). One address with LOGIN_ADDRESS_FAILURE_LIMIT failures, over
# any usernames, is refused for LOGIN_ADDRESS_COOLOFF_MINUTES before any password is hashed. One
# account with AXES_FAILURE_LIMIT failures is locked for AXES_COOLOFF_MINUTES, except for devices
# and addresses that have logged in to it before, so that an attacker cannot lock its owner out.
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30)
LOGIN_ADDRESS_COOLOFF_MINUTES = env_int("LOGIN_ADDRESS_COOLOFF_MINUTES", 15)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = "wirausaha.accounts.throttle.lockout_parameters"
AXES_CLIENT_IP_CALLABLE = "wirausaha.common.client.client_ip"
AXES_LOCKOUT_CALLABLE = "wirausaha.accounts.throttle.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "wirausaha.accounts.backends.axes_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Self-registration (issue #25): one address, or one NIK, may try so many times in so many minutes.
REGISTRATION_ADDRESS_LIMIT = env_int("REGISTRATION_ADDRESS_LIMIT", 20)
REGISTRATION_NIK_LIMIT = env_int("REGISTRATION_NIK_LIMIT", 10)
REGISTRATION_THROTTLE_MINUTES = env_int("REGISTRATION_THROTTLE_MINUTES", 15)

# Language and time: Indonesian first; stored in UTC, shown in the local zone of the place.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed files in production (after collectstatic); plain files in development and tests.
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
# Without collectstatic (development, tests), WhiteNoise serves files straight from the apps.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)
# The largest request body accepted (413 above it, before it is read): a little above the largest
# legitimate upload, a layoff list of 20 MB (registry/imports). The reverse proxy's
# client_max_body_size should be the same. Form fields and JSON bodies (not files) stay under
# 2.5 MB; a file above 2.5 MB is streamed to a temporary file instead of memory.
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 25)
MAX_REQUEST_BYTES = MAX_UPLOAD_MB * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Uploads (layoff letters, certificates) are private: never under STATIC, only served by views
# that check the viewer's scope.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "private")))
# Or, for several machines, an S3-compatible bucket (wirausaha/common/s3_storage.py): set
# STORAGE_S3_BUCKET and the endpoint, region and keys below; objects are private, never public.
STORAGE_S3 = (
    {
        "bucket_name": env("STORAGE_S3_BUCKET"),
        "endpoint_url": env("STORAGE_S3_ENDPOINT_URL") or None,
        "region_name": env("STORAGE_S3_REGION") or None,
        "access_key": env("STORAGE_S3_ACCESS_KEY_ID") or None,
        "secret_key": env("STORAGE_S3_SECRET_ACCESS_KEY") or None,
        "location": env("STORAGE_S3_PREFIX"),
        "addressing_style": env("STORAGE_S3_ADDRESSING_STYLE") or None,
        "querystring_expire": env_int("STORAGE_S3_SIGNED_URL_SECONDS", 300),
    }
    if env("STORAGE_S3_BUCKET")
    else {}
)
if STORAGE_S3:
    STORAGES["default"] = {"BACKEND": "wirausaha.common.s3_storage.PrivateS3Storage"}

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A long job (an import, a document's PDF, a message being sent) whose worker has not shown a sign
# of life for this long is taken as stopped: failed with a plain reason, or queued again.
STALE_JOB_SECONDS = env_int("STALE_JOB_SECONDS", 120)

# Operations (wirausaha/operations). A task worker (`manage.py task_worker`) writes its heartbeat
# every HEARTBEAT_SECONDS, the duplicate loop at each sweep of stale jobs; a process silent for
# HEARTBEAT_STALE_SECONDS is not alive. /api/v1/ready answers 503 unless one process of each of
# READY_WORKER_KINDS is alive and the oldest waiting task has waited at most
# READY_MAX_QUEUE_LAG_SECONDS. /metrics answers only a request with `Authorization: Bearer
# METRICS_TOKEN`; without a token set it answers nobody.
HEARTBEAT_SECONDS = env_int("HEARTBEAT_SECONDS", 10)
HEARTBEAT_STALE_SECONDS = env_int("HEARTBEAT_STALE_SECONDS", max(STALE_JOB_SECONDS, 6 * HEARTBEAT_SECONDS))
READY_WORKER_KINDS = env_list("READY_WORKER_KINDS", "tasks,sweeper")
READY_MAX_QUEUE_LAG_SECONDS = env_int("READY_MAX_QUEUE_LAG_SECONDS", 300)
METRICS_TOKEN = env("METRICS_TOKEN")
# A referral to a financing partner still undecided after this many days shows as late.
FINANCE_REFERRAL_LATE_DAYS = env_int("FINANCE_REFERRAL_LATE_DAYS", 14)

# Production hardening: on unless DEBUG, each switchable for a deployment behind a TLS proxy.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Outgoing mail: printed to the console unless an SMTP server is configured.
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if env("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "wirausaha@localhost")

# Logs: JSON lines (time, level, logger, request id, message; personal data masked) unless
# DEBUG, where plain text reads better; LOG_REQUESTS adds one line per request (route, not URL).
LOG_FORMAT = env("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, got {LOG_FORMAT!r}")
LOG_REQUESTS = env_bool("LOG_REQUESTS", LOG_FORMAT == "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "wirausaha.common.logging.MaskPersonalData"}},
    "formatters": {
        "json": {"()": "wirausaha.common.logging.JsonLines"},
        "text": {"format": "{levelname} {name} {message}", "style": "{"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["mask_personal_data"],
            "formatter": LOG_FORMAT,
        },
        # runserver's access log: searches put NIKs and phone numbers in URLs. (gunicorn's access
        # log is masked by gunicorn.conf.py.)
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["mask_personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}

# Where notifications go: the log by default, email or an SMS gateway adapter in production.
NOTIFICATION_ADAPTER = env("NOTIFICATION_ADAPTER", "wirausaha.notifications.adapters.LogAdapter")
# Channels (wirausaha/notifications/adapters): without a URL or token a channel writes to the log.
# SMS: a generic HTTP gateway taking a POST with the number and the text.
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", "")
SMS_GATEWAY_USERNAME = env("SMS_GATEWAY_USERNAME", "")
SMS_GATEWAY_PASSWORD = env("SMS_GATEWAY_PASSWORD", "")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN", "")
SMS_SENDER_NAME = env("SMS_SENDER_NAME", "WIRAUSAHA")
# WhatsApp Business Platform, Cloud API.
WHATSAPP_API_URL = env("WHATSAPP_API_URL", "https://graph.facebook.com/v21.0")
WHATSAPP_PHONE_NUMBER_ID = env("WHATSAPP_PHONE_NUMBER_ID", "")
WHATSAPP_TOKEN = env("WHATSAPP_TOKEN", "")
# Delivery: seconds to wait for a gateway, tries before a message fails, first retry delay
# (doubled each try), and messages per minute to one phone number.
NOTIFICATION_TIMEOUT_SECONDS = env_int("NOTIFICATION_TIMEOUT_SECONDS", 10)
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 5)
NOTIFICATION_RETRY_SECONDS = env_int("NOTIFICATION_RETRY_SECONDS", 30)
NOTIFICATION_PER_NUMBER_PER_MINUTE = env_int("NOTIFICATION_PER_NUMBER_PER_MINUTE", 5)

# API tokens expire after this many days; 0 keeps them until revoked.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
