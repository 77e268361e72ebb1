"""Settings for the social-economy portal.

Every value that differs between a laptop and production comes from the environment (or a
`.env` file beside `manage.py`), read through django-environ so that a bad value fails loudly.
"""

from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A refused form gets the portal's own page, in the visitor's language.
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    # Our apps, in import order: an app may import those above it, never those below.
    "portal",
    "mapping",
    "strategy",
    # Phase 2: the network, its events and mailings, the municipality's departments.
    "network",
    # The programme plan and the steering group's meetings: last, as its demo's agendas point
    # at what the apps above make (a report version, a strategy draft).
    "portal.programme",
]

MIDDLEWARE = [
    "portal.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "portal.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After auth and messages: it logs an idle session out and says why.
    "portal.middleware.SessionTimeoutMiddleware",
    "portal.middleware.PrivateCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.navigation",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# SQLite under var/ on a laptop; PostgreSQL in production and CI through DATABASE_URL.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'portal.sqlite3'}"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
# A kept connection is checked before a request reuses it, so a database restart costs no
# request an error page (without it, each web process answers one 500 on its dead connection).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has no row locks: a writing transaction takes the database's write lock when it
    # begins, so two at once (a double-clicked freeze) take turns instead of one failing
    # with "database is locked" halfway.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 30)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache (e.g. redis://…) in production keeps rate limits across web processes.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

AUTH_USER_MODEL = "portal.User"
# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "portal.auth.UsernameOrEmailBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Danish first, English second. Numbers and dates follow the active language's formats.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_THOUSAND_SEPARATOR = True
# English pages show dates the British way (25/10/2006, 14:30); Danish keeps Django's own.
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
# Uploaded and frozen files. STORAGE_BACKEND=local (the default) keeps them on this machine's
# disk; =s3 in two buckets of S3-compatible object storage (django-storages), so that no web
# process keeps files of its own. "default" is public: logos and case photos, shown by plain
# links. "private" holds frozen report PDFs and uploaded spreadsheets: it makes no URL at all,
# and the views that check who asks stream them from it (portal.storage).
STORAGE_BACKEND = env.str("STORAGE_BACKEND", default="local")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
PRIVATE_ROOT = env.path("PRIVATE_ROOT", default=BASE_DIR / "var" / "private")


def _s3_file_storages():
    """STORAGES' "default" and "private" in two buckets, and the origin public files are
    served from. Credentials are boto3's own: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
    from the environment (or an instance role), never a setting."""
    public_bucket = env.str("S3_PUBLIC_BUCKET", default="")
    private_bucket = env.str("S3_PRIVATE_BUCKET", default="")
    if not public_bucket or not private_bucket or public_bucket == private_bucket:
        raise ImproperlyConfigured(
            "STORAGE_BACKEND=s3 needs S3_PUBLIC_BUCKET and S3_PRIVATE_BUCKET: two buckets, "
            "so that the private one can stay closed to the public."
        )
    endpoint = env.str("S3_ENDPOINT_URL", default="").rstrip("/")
    region = env.str("S3_REGION", default="")
    addressing = env.str("S3_ADDRESSING_STYLE", default="")
    if addressing not in ("", "auto", "path", "virtual"):
        raise ImproperlyConfigured("S3_ADDRESSING_STYLE must be auto, path or virtual.")
    if endpoint:
        # Path-style: every S3-compatible service answers it, whatever its host names.
        bucket_url = f"{endpoint}/{public_bucket}"
    elif region:
        bucket_url = f"https://{public_bucket}.s3.{region}.amazonaws.com"
    else:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs S3_ENDPOINT_URL or S3_REGION.")
    public_url = urlsplit(env.str("S3_PUBLIC_URL", default="").rstrip("/") or bucket_url)
    for name, url in (("S3_ENDPOINT_URL", urlsplit(endpoint)), ("S3_PUBLIC_URL", public_url)):
        if url.geturl() and (url.scheme not in ("http", "https") or not url.netloc):
            raise ImproperlyConfigured(f"{name} must be an http(s):// address.")
    common = {
        "endpoint_url": endpoint or None,
        "region_name": region or None,
        "addressing_style": addressing or None,
        # A name already taken gets another, as on the local disk: nothing is overwritten.
        "file_overwrite": False,
        # A file read from a bucket is held in memory, never spooled to this machine's disk.
        "max_memory_size": 0,
    }
    public = {
        **common,
        "bucket_name": public_bucket,
        # Plain, lasting links from the public base URL (the bucket's policy lets anyone
        # read it), not signed ones that expire in a cached page.
        "custom_domain": public_url.netloc + public_url.path,
        "url_protocol": f"{public_url.scheme}:",
        "querystring_auth": False,
    }
    storages = {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": public},
        "private": {
            "BACKEND": "portal.storage_s3.PrivateS3Storage",
            "OPTIONS": {**common, "bucket_name": private_bucket},
        },
    }
    return storages, f"{public_url.scheme}://{public_url.netloc}"


if STORAGE_BACKEND == "local":
    _file_storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "portal.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(PRIVATE_ROOT)},
        },
    }
    # Public files come from the portal's own /media/ (the reverse proxy serves it).
    _public_file_origins = []
elif STORAGE_BACKEND == "s3":
    _file_storages, _public_file_origin = _s3_file_storages()
    _public_file_origins = [_public_file_origin]
else:
    raise ImproperlyConfigured("STORAGE_BACKEND must be local or s3.")
STORAGES = {
    **_file_storages,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# E-mail goes to the console unless EMAIL_URL names an SMTP server (smtp+tls://user:pw@host:587).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Seconds an SMTP connection may hang: mail is sent after the action has committed, and a mail
# server that drops packets must not hold the request until gunicorn kills the worker.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Socialøkonomi <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background jobs (portal.jobs) on Celery. With CELERY_BROKER_URL (redis://…) a worker runs
# them (`make worker`); without one each job runs inline when the request's transaction
# commits, so a laptop needs no service.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Each job records its own state on portal.Job: no result backend.
CELERY_TASK_IGNORE_RESULT = True
# A job is acknowledged when it has run, so a worker that dies mid-job leaves it to another;
# one job at a time per worker process, since jobs are long.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Longer than the longest back-off, so Redis does not hand a waiting retry out twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 60 * 60}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# No job may run for ever: stopped (and recorded as failed) after this many seconds.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("JOB_TIME_LIMIT", default=15 * 60)
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 60
# Seconds before a job that the outside world failed (mail, CVR) is tried again; doubled each
# time, at most an hour.
JOB_RETRY_BACKOFF = env.int("JOB_RETRY_BACKOFF", default=30)
# Finished jobs are listed this long, then deleted (portal.clean_jobs, daily).
JOB_KEEP_DAYS = env.int("JOB_KEEP_DAYS", default=90)
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# The scheduled work (Celery beat, `make worker` starts it), in CELERY_TIMEZONE (Copenhagen
# time). Each entry starts a recorded job (portal.jobs.start_job); each job is also a
# management command, for a manual run. Nightly CVR checks look up the organisations not
# checked for a week, so every one is checked weekly and a night the register is down is
# made up the next.
CELERY_BEAT_SCHEDULE = {
    "check-cvr": {
        "task": "portal.start_job",
        "schedule": crontab(hour=2, minute=30),
        "args": ("mapping.check_cvr",),
        "kwargs": {"older_than_days": 7},
    },
    "clean-imports": {
        "task": "portal.start_job",
        "schedule": crontab(hour=3, minute=15),
        "args": ("mapping.clean_imports",),
    },
    "strategy-stale-reminders": {
        "task": "portal.start_job",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
        "args": ("strategy.stale_reminders",),
    },
    # An offer of a freed place that was not taken up passes to the next in line.
    "network-expire-offers": {
        "task": "portal.start_job",
        "schedule": crontab(minute="*/10"),
        "args": ("network.expire_offers",),
    },
    "network-reminders": {
        "task": "portal.start_job",
        "schedule": crontab(minute=5),
        "args": ("network.send_reminders",),
    },
    "network-evaluations": {
        "task": "portal.start_job",
        "schedule": crontab(minute=35),
        "args": ("network.send_evaluations",),
    },
    "network-forget-participants": {
        "task": "portal.start_job",
        "schedule": crontab(hour=4, minute=15),
        "args": ("network.forget_participants",),
    },
    "clean-jobs": {
        "task": "portal.start_job",
        "schedule": crontab(hour=3, minute=45),
        "args": ("portal.clean_jobs",),
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security: production defaults; a laptop with DEBUG on runs over plain HTTP.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): only our own files, scripts and styles; an inline
# <script> or <style> runs only with the request's nonce, and style="" attributes never do.
# PDFs and other downloads get none (portal.middleware.CSPMiddleware): browsers' PDF viewers
# break under one. CONTENT_SECURITY_POLICY_REPORT_ONLY=true sends it as report-only, to try a
# change first; CONTENT_SECURITY_POLICY_REPORT_URI names where browsers report violations.
_csp_policy = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF, csp.NONCE],
        "img-src": [csp.SELF, "data:", *_public_file_origins],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}
if _csp_report_uri := env.str("CONTENT_SECURITY_POLICY_REPORT_URI", default=""):
    _csp_policy["DIRECTIVES"]["report-uri"] = [_csp_report_uri]
if env.bool("CONTENT_SECURITY_POLICY_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY = None
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _csp_policy
else:
    CONTENT_SECURITY_POLICY = _csp_policy
# Powerful browser features the portal never uses, off for every page (portal.middleware).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "serial",
        "hid",
        "xr-spatial-tracking",
        "browsing-topics",
    )
}

# Sessions (in the database) end after this long without a request: shorter for the programme's
# staff, who see personal data, than for others; and in any case this long after logging in.
SESSION_IDLE_MINUTES_STAFF = env.int("SESSION_IDLE_MINUTES_STAFF", default=30)
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=8 * 60)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=12)
if min(SESSION_IDLE_MINUTES_STAFF, SESSION_IDLE_MINUTES, SESSION_MAX_HOURS) < 1:
    raise ImproperlyConfigured("Session time limits must be at least 1.")
# The cookie (and the session row) need not outlive the absolute limit.
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 60 * 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every layout step at INFO: a hundred lines a report.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        # …but its page-by-page progress reaches the interim report's job (mapping.reports.
        # interim.pages_reported), and no handler of ours: nothing is printed.
        "weasyprint.progress": {"level": "INFO", "propagate": False},
        "fontTools": {"level": "WARNING"},
        # axes logs every start-up and login at INFO; lockouts are warnings.
        "axes": {"level": "WARNING"},
    },
}

# The programme's own settings.
PORTAL_MUNICIPALITY = env.str("PORTAL_MUNICIPALITY", default="Haderslev Kommune")
PORTAL_CONTACT_EMAIL = env.str("PORTAL_CONTACT_EMAIL", default="socialokonomi@example.dk")
# A phone number beside the e-mail address in the accessibility statement; none shown if empty.
PORTAL_CONTACT_PHONE = env.str("PORTAL_CONTACT_PHONE", default="")


def _env_date(name, default):
    """An ISO date (2026-12-07) from the environment; a bad one stops the start-up."""
    value = env.str(name, default=default)
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        message = f"{name} must be a date like 2026-12-07, not {value!r}."
        raise ImproperlyConfigured(message) from error


# When the accessibility statement was written and last checked against the portal: move the
# review date on when the statement's known issues are gone through again.
ACCESSIBILITY_STATEMENT_PREPARED = _env_date("ACCESSIBILITY_STATEMENT_PREPARED", "2026-11-27")
ACCESSIBILITY_STATEMENT_REVIEWED = _env_date("ACCESSIBILITY_STATEMENT_REVIEWED", "2026-12-07")
# The network's events: how long an offered place waits to be taken up; when the reminder
# goes out before an event; when the evaluation goes out after it; how long participants'
# names and addresses are kept after an event (then erased, keeping the counts); how long an
# unconfirmed sign-up of someone not logged in waits for its e-mail link.
NETWORK_OFFER_HOURS = env.int("NETWORK_OFFER_HOURS", default=48)
NETWORK_REMINDER_HOURS = env.int("NETWORK_REMINDER_HOURS", default=48)
NETWORK_EVALUATION_AFTER_HOURS = env.int("NETWORK_EVALUATION_AFTER_HOURS", default=2)
NETWORK_PARTICIPANT_RETENTION_DAYS = env.int("NETWORK_PARTICIPANT_RETENTION_DAYS", default=365)
NETWORK_UNCONFIRMED_HOURS = env.int("NETWORK_UNCONFIRMED_HOURS", default=72)

# The portal's own address, for links in e-mails that a scheduled command sends (no request).
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="")
# Self-registration: at most this many attempts per client address per hour, refused ones
# included (they would otherwise tell which CVR numbers and e-mail addresses are registered).
REGISTRATION_RATE_LIMIT = env.int("REGISTRATION_RATE_LIMIT", default=10)
REGISTRATION_RATE_WINDOW = 60 * 60
DIRECTORY_PAGE_SIZE = 20
STAFF_LIST_PAGE_SIZE = 50
# The request header that carries the client's address (REMOTE_ADDR unless behind a proxy).
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="REMOTE_ADDR")
# Password reset: requests per client address and per e-mail address per window.
PASSWORD_RESET_RATE_LIMIT = env.int("PASSWORD_RESET_RATE_LIMIT", default=10)
PASSWORD_RESET_EMAIL_RATE_LIMIT = env.int("PASSWORD_RESET_EMAIL_RATE_LIMIT", default=3)
PASSWORD_RESET_RATE_WINDOW = 60 * 60

# Login lockout (django-axes). Failures are counted in the database, so every web process
# sees the same count, and an administrator sees and clears lockouts in the admin
# ("Access attempts"). A user name and a client address are locked out separately.
AXES_HANDLER = "portal.auth.LockoutHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout do not restart it: the page can then say truthfully when it ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "portal.ratelimit.client_address"
# The login takes a user name or an e-mail address: both count against the same person.
AXES_USERNAME_CALLABLE = "portal.auth.lockout_username"
AXES_LOCKOUT_CALLABLE = "portal.views.login_locked_out"
# Successful logins are not logged: the portal keeps no record of who logged in when.
AXES_DISABLE_ACCESS_LOG = True

# The mapping (issue 3).
# A stakeholder of high influence with no contact for longer than this is flagged.
STAKEHOLDER_CONTACT_DAYS = env.int("STAKEHOLDER_CONTACT_DAYS", default=90)
# Contacts not in touch for longer than this are listed for review (retention).
CONTACT_RETENTION_DAYS = env.int("CONTACT_RETENTION_DAYS", default=730)
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
# The job that reads an import refuses an XLSX file whose zip directory says it unpacks to
# more than this (before opening it), and a file with more rows than IMPORT_MAX_ROWS (counted
# while reading); each step of an import (reading, preview, import) may run this many seconds.
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", default=50 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20_000)
IMPORT_TIME_LIMIT = env.int("IMPORT_TIME_LIMIT", default=10 * 60)
# An uploaded spreadsheet holds personal data: clean_imports deletes unfinished ones after this.
IMPORT_KEEP_DAYS = env.int("IMPORT_KEEP_DAYS", default=2)
# CVR look-up: empty for none, or "mapping.cvr.ErhvervsstyrelsenBackend" with credentials
# for Erhvervsstyrelsen's CVR system-to-system access.
CVR_LOOKUP_BACKEND = env.str("CVR_LOOKUP_BACKEND", default="")
CVR_LOOKUP_URL = env.str(
    "CVR_LOOKUP_URL",
    default="https://distribution.virk.dk/cvr-permanent/virksomhed/_search",
)
CVR_LOOKUP_USER = env.str("CVR_LOOKUP_USER", default="")
CVR_LOOKUP_PASSWORD = env.str("CVR_LOOKUP_PASSWORD", default="")
CVR_LOOKUP_TIMEOUT = env.float("CVR_LOOKUP_TIMEOUT", default=5.0)
# Look-ups per client address per window, for everyone but the programme's staff.
CVR_LOOKUP_RATE_LIMIT = env.int("CVR_LOOKUP_RATE_LIMIT", default=30)
CVR_LOOKUP_RATE_WINDOW = 60 * 60

# The strategy and action plan (issue 5).
# An action of the plan in force with no progress update for longer than this is stale.
STRATEGY_STALE_DAYS = env.int("STRATEGY_STALE_DAYS", default=30)
