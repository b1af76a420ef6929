"""Qualivie settings: one module, everything from environment variables (see docs/deploy.md)."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
_DEV_SECRET = "insecure-dev-key-only-for-local-runs-never-in-production-0123456789"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "dsfr",
    "widget_tweaks",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "axes",
    "csp",
    "mozilla_django_oidc",
    # Qualivie apps, from the foundation up (see ARCHITECTURE.md)
    "core",
    "accounts",
    "organisations",
    "plans",
    "coconstruction",
    "surveys",
    "analytics",
    "indicators",
    "prevention",
    "field",  # discussion spaces, situation-problems, photo diagnosis, after-action reviews
    "notifications",
    "events",
    "reviews",
    "dashboards",
    "practices",
    "api",
    "portal",  # the site shell: home, legal pages, navigation, job pages, health
    "demo",  # demo data and the runner of `make run`: imports every app, imported by none
    "ninja",  # serves the API docs (Swagger UI) from our own static files, without a CDN or inline script
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.FrenchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "portal.context_processors.site",
            ],
        },
    },
]

# --- Database: SQLite (WAL) by default, PostgreSQL through DATABASE_URL ---
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'qualivie.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # A file (not :memory:) so that concurrency tests see real locking; one per process so runs never collide.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3")}
else:
    # One test database per test process, so that two runs on one server never drop each other's database.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every web and job process, in the database (no Redis: ARCHITECTURE.md): the results API's
# encoded figures (analytics.selectors) are computed once for all workers. Its table is made by a migration
# (core 0003) and by the test runner.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "qualivie_cache",
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 50_000)},
    }
}

# --- Accounts and authentication ---
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "sesame.backends.ModelBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# One-time e-mailed sign-in links (django-sesame)
SESAME_MAX_AGE = env_int("MAGIC_LINK_MAX_AGE", 15 * 60)
SESAME_ONE_TIME = True
SESAME_TOKEN_NAME = "jeton"  # noqa: S105 - a parameter name, not a secret

# Reverse proxies in front of the application (docs/deploy.md): the client's address is read from the right of
# X-Forwarded-For, past this many proxies (0: the header is ignored, REMOTE_ADDR is the client).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Login rate limiting (django-axes): 5 failures on one account (from anywhere) lock that account, and 5 failures
# from one address (on any accounts: password spraying) lock that address, for 15 minutes. Separate keys, not
# the pair. A success does not wipe the failures: a sprayer signing in to their own account would reset the
# address's counter; failures expire after the cool-off anyway. An e-mailed link's token names no account: its
# failures count against the address only (accounts.throttle.lockout_parameters).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = (
    "accounts.throttle.lockout_parameters"  # ["username", "ip_address"], as separate keys
)
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_ip"
AXES_RESET_ON_SUCCESS = False
AXES_USERNAME_CALLABLE = "accounts.perms.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)

# OpenID Connect (ProConnect-compatible), enabled when OIDC_RP_CLIENT_ID is set
OIDC_ENABLED = bool(env_str("OIDC_RP_CLIENT_ID"))
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
OIDC_OP_LOGOUT_ENDPOINT = env_str("OIDC_OP_LOGOUT_ENDPOINT")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email given_name usual_name")
OIDC_CREATE_USER = False  # accounts come from the HR import
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.insert(1, "accounts.oidc.QualivieOIDCBackend")
OIDC_USE_NONCE = True

# --- Sessions, cookies and security headers ---
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG and SITE_URL.startswith("https"))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
# same-origin: browsers send Origin/Referer to us (Django's CSRF origin check needs it) and nothing to others.
# The survey answering pages send no referrer at all (surveys.csrf.no_referrer).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"  # French page with the site's header (core/errors.py)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Internationalisation: French first, English available ---
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

# --- Static and media files ---
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Subresource integrity adds nothing for files served by ourselves, and the manifest storage rewrites url()s
# inside the DSFR stylesheet, which would make the browser refuse it.
DSFR_USE_INTEGRITY_CHECKSUMS = False
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env_bool("MANIFEST_STATIC", default=True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- E-mail: console by default, real SMTP through EMAIL_HOST ---
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
)
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Qualivie <ne-pas-repondre@qualivie.localhost>")

# --- Background jobs: django-tasks with its database backend (no Redis) ---
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.backend.DatabaseBackend"),
    }
}

# Daily jobs (core.schedule): ("HH:MM" Europe/Paris, dotted path of a django-tasks task), enqueued once a day by
# `manage.py run_daily_jobs` (a loop in `make run`, a cron line in production: docs/deploy.md).
SURVEYS_PARTICIPATION_HOUR = "06:00"  # the open campaigns' participation tranches, refreshed once a day
QUALIVIE_DAILY_JOBS = [
    ("03:00", "core.tasks.purge_expired_sessions"),
    (SURVEYS_PARTICIPATION_HOUR, "surveys.tasks.refresh_open_participation"),
    ("07:00", "surveys.tasks.send_due_invitations"),  # campaigns opened before their opening date
    ("07:30", "notifications.tasks.send_due_digests"),  # action leads' digests, once per period per person
    ("08:00", "events.tasks.queue_due_reminders"),  # registrants of events starting within two days, once
    ("03:30", "events.tasks.purge_personal_data"),  # registrants' data, QUALIVIE_EVENTS_RETENTION_DAYS after
]
SESSION_SAVE_EVERY_REQUEST = (
    False  # answering must not rewrite a signed-in person's session (docs/anonymity.md)
)

# --- Logging: never log query strings or bodies (survey tokens never travel there anyway) ---
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
}

# --- Product settings ---
QUALIVIE_API_PAGE_SIZE = 100
# The garbage collector's thresholds (core.apps): fewer full passes in allocation-heavy requests. GC_THRESHOLD
# (three integers, e.g. "50000,20,20") overrides them, to compare settings with the benchmarks.
QUALIVIE_GC_THRESHOLD = tuple(int(n) for n in env_list("GC_THRESHOLD", ["50000", "20", "20"]))
# Registrants' personal data are deleted this many days after the end of an event (the counts stay).
QUALIVIE_EVENTS_RETENTION_DAYS = env_int("QUALIVIE_EVENTS_RETENTION_DAYS", 90)
# How long the author of a progress update or of a proposal comment may still correct or withdraw it.
QUALIVIE_CORRECTION_WINDOW = datetime.timedelta(hours=env_int("QUALIVIE_CORRECTION_WINDOW_HOURS", 24))
# Participation of open campaigns is recomputed once a day at this hour (local time) by
# surveys.tasks.refresh_open_participation, never on a page visit (docs/anonymity.md).
