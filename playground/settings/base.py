"""Settings shared by every environment. Environment-specific modules import * from here.

DEBUG is off unless a module below turns it on (dev.py does when PLAYGROUND_DEBUG=1)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DEBUG = False

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "csp",
    "axes",
    "playground",
]

# Static files are answered by whitenoise before anything else runs; every other response gets
# the Content-Security-Policy, and every /api/ response `no-store` and JSON errors
# (playground.middleware). Axes last, as its documentation asks: it turns a lockout into a page.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "playground.middleware.ApiResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "playground.urls"
ASGI_APPLICATION = "playground.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# PostgreSQL connections (DATABASE_URL; several daphne processes): no connection is held per
# thread. Django's docs ("Databases", Persistent connections): "When using ASGI, persistent
# connections should be disabled. Instead, use your database backend's built-in connection
# pooling" https://docs.djangoproject.com/en/5.2/ref/databases/#persistent-connections
# Under daphne each request runs its view in a thread of its own, so the old conn_max_age=60
# kept a connection per thread. Measured, two processes, 400 requests at concurrency 20
# (tests/scale/load.py; peak and after from pg_stat_activity):
#   conn_max_age=60: peak 84-99 of PostgreSQL's 100 slots, 81-82 still held after, 4 answers 500
#                    ("too many clients already") when other clients held a few slots;
#   CONN_MAX_AGE=0, no pool: peak 20 (one per request in flight: 53 at concurrency 60), 0 after;
#   psycopg's pool, 4 per process: peak 8, 8 after, at concurrency 60 too; no 500, and twice as
#                    fast (400 requests in 8.6-11.8 s against 19.7 s: no connection set up per
#                    request).
# So: psycopg's pool (Django 5.1+; https://docs.djangoproject.com/en/5.2/ref/databases/#connection-pool)
# of at most DATABASE_POOL_MAX_SIZE (default 4) connections per process: N processes hold at most
# 4N, whatever the load. A request waits up to 10 s for a free one (then a 500).
# DATABASE_POOL_MAX_SIZE=0 turns the pool off: a connection per request, closed at its end
# (CONN_MAX_AGE 0). SQLite (the embedded default, one process) keeps conn_max_age=60.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool requires it
    _pool = os.environ.get("DATABASE_POOL_MAX_SIZE", "4").strip()
    if not _pool.isdigit():
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"DATABASE_POOL_MAX_SIZE must be a whole number of connections per process (4 by "
            f"default; 0 turns the pool off), not {_pool!r}."
        )
    POOL_MAX_SIZE = int(_pool)
    if POOL_MAX_SIZE > 0:
        DATABASES["default"]["OPTIONS"] = {
            "pool": {"min_size": 1, "max_size": POOL_MAX_SIZE, "timeout": 10}
        }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = 60
# SQLite under a class (30 learners autosaving through one daphne): every transaction takes the
# write lock as it begins (IMMEDIATE), so a transaction that reads then writes waits its turn
# instead of failing "database is locked" when it would have to upgrade a read lock; WAL lets
# reads go on while one writer writes; a writer waits up to `timeout` seconds for the lock.
# synchronous=NORMAL is WAL's usual pairing: a crashed process loses nothing committed, a power
# cut may lose the last commits but never corrupts the file.
# Measured with 30 learners x 7 saves against a real daphne (tests/concurrency): 86-100 of 210
# saves answered 500 before, none after.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Axes first: it refuses a locked-out account or address before any password is checked, so
# the right password does not get through a lockout.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# An anonymous learner's designs belong to the browser session, so the session must outlive a
# browser restart: a persistent cookie for 90 days.
SESSION_COOKIE_AGE = 60 * 60 * 24 * 90
SESSION_EXPIRE_AT_BROWSER_CLOSE = False

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Served as in production: `make run` collects the files here with hashed names, and whitenoise
# answers the hashed ones with a year-long immutable Cache-Control (others for a minute). A page
# rendered before `collectstatic` answers 500 "Missing staticfiles manifest entry" (FIELD-NOTES.md).
# Our ES modules import each other by plain names; the import map in templates/base.html
# (`{% import_map %}`, playground/templatetags/importmap.py) maps each plain name to its hashed one.
# A deployment sets STATIC_ROOT to the folder its web server (nginx) serves /static/ from.
STATIC_ROOT = os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Our ES modules, plus the two npm packages the page uses (only their dist folders: JointJS's
# internal imports are unhashed, FIELD-NOTES.md).
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/joint", BASE_DIR / "node_modules" / "@joint" / "core" / "dist"),
    ("vendor/uplot", BASE_DIR / "node_modules" / "uplot" / "dist"),
]

# Request bodies: a design document is small; anything over this is refused with 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = 512 * 1024

# Behind a load balancer or reverse proxy: how many of them append to X-Forwarded-For. 0 (the
# default) trusts no forwarded header: the address is the socket's peer (playground.client_address).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Django's cache holds the throttles' counters and Axes' failed log-ins: one process's memory in
# the embedded default (exact there: one daphne process), Redis when REDIS_URL is set so that
# every process counts together.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "playground",
    }
}
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "playground",
        }
    }

# Throttles (playground.rate_limits): "<scope>.<per>" -> windows "N/<period>" (period s, m, h, d,
# optionally with a count: "5m"). `owner` is the signed-in user or the browser session, `address`
# the client address. Sized for the test case: a class of 30 behind ONE address (a school's NAT)
# opening the page, creating designs, autosaving, sharing and forking in the same lesson is never
# refused (tests/api/test_throttles.py plays that class); one client flooding is.
THROTTLE_RATES = {
    # Sign-up: every POST of the form counts (a learner may need a few tries at a password).
    "signup.address": ["100/h"],
    # New designs (POST /api/designs/, forks): a learner makes a handful in a lesson.
    "design_create.owner": ["20/m", "120/h"],
    "design_create.address": ["300/m", "1200/h"],
    # Share links.
    "share_create.owner": ["20/m", "60/h"],
    "share_create.address": ["200/m", "600/h"],
    # Authored scenarios (POST /api/scenarios/): an instructor writes a few a lesson.
    "scenario_create.owner": ["10/m", "60/h"],
    "scenario_create.address": ["100/m", "600/h"],
    # Token look-ups (GET/fork of /api/shared/<token>/, the /s/<token>/ and /live/<token>/ pages):
    # a class opens the instructor's links and reloads them; guessing a token takes billions.
    "token.address": ["300/m", "2000/h"],
    # New anonymous sessions (the first save of a browser without one): a class is about 30
    # browsers, each keeping its cookie, and some learners open a second browser; the next class
    # arrives within the hour. A client that drops its cookie and mints one a request is refused
    # from the 61st in five minutes (with 40 run seats per address, it cannot hold the server).
    "session.address": ["60/5m", "300/h"],
    # Assignment codes (every /api/assignments/<code>/... request and the /a/<code>/ page): a
    # class opens the code and reloads; at 3000 an hour, trying the 887 million codes takes
    # some 300,000 hours from one address.
    "assignment.address": ["300/m", "3000/h"],
    # Setting assignments: an instructor sets a few a lesson.
    "assignment_create.owner": ["20/m", "100/h"],
}

REST_FRAMEWORK = {
    # drf-spectacular's, plus 429 on the operations a throttle can refuse.
    "DEFAULT_SCHEMA_CLASS": "playground.api.throttles.ThrottledAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "playground.api.errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    # DRF's own idea of the client address follows the same proxy count (our throttles use
    # playground.client_address, which reads TRUSTED_PROXY_COUNT itself).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Architecture Playground API",
    "DESCRIPTION": "Designs, validation, the component catalogue, scenarios, share links and runs.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
if os.environ.get("REDIS_URL"):
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # socket_timeout above 5 s: redis-py 8 otherwise times out idle readers (FIELD-NOTES).
            "CONFIG": {"hosts": [{"address": os.environ["REDIS_URL"], "socket_timeout": 10}]},
        },
    }

# Content-Security-Policy (django-csp 4.0) on every response that is not a static file: nothing
# inline runs. The pages load ES modules from here; the import map is the one inline script and
# carries the request's nonce. Swagger UI (/api/docs/) loads its start-up script from its own URL
# (drf-spectacular's split view), so the same policy holds there.
# style-src: <style> elements need the nonce (the log-in pages' and Swagger UI's have it), except
# the one JointJS's Paper writes into its SVG, allowed by the hash of its exact text
# (`.joint-element .scalable * { vector-effect: non-scaling-stroke; }` in @joint/core 4.x; a new
# JointJS that changes it shows as a CSP violation in the browser tests). `style` attributes,
# which JointJS and uPlot write on what they draw, run no code: style-src-attr allows them alone.
JOINTJS_PAPER_STYLE = "'sha256-c/PHNd78dqpHpfQbEJ/PIhwmQukJpGFNXtlAp6vOzDg='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE, JOINTJS_PAPER_STYLE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        # The live run's websocket is same-origin: 'self' covers ws:/wss: to this host.
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Log-in lockout (django-axes 8, playground.login_lockout): failures counted per account and per
# address in Django's cache, each against its own limit; while either is over, even the right
# password is refused with a page that says when to try again.
AXES_HANDLER = "playground.login_lockout.PerParameterCacheHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_ACCOUNT_FAILURE_LIMIT = 5
# A class behind one address mistypes a few passwords each: 30 learners x 3 (90) stays far
# under it, and a guesser at one account is stopped by the account's limit long before.
AXES_ADDRESS_FAILURE_LIMIT = 300
# Axes itself compares the larger of the two counts with one limit: the larger limit, so that
# only the handler decides an account's lockout.
AXES_FAILURE_LIMIT = max(AXES_ACCOUNT_FAILURE_LIMIT, AXES_ADDRESS_FAILURE_LIMIT)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_CLIENT_IP_CALLABLE = "playground.client_address.from_request"
AXES_LOCKOUT_CALLABLE = "playground.login_lockout.lockout_response"
# A failure while locked out does not start the cool-off again: a learner who waits it out gets in.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False

# Errors: our own pages, and under /api/ the API's error shape (playground.error_views).
CSRF_FAILURE_VIEW = "playground.error_views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"playground": {"level": "INFO"}},
}
from .live import *  # noqa: E402, F403 - the live layer's settings, after the rest

if os.environ.get("REDIS_URL"):  # the pool sized to the fan-out's bound, the inbox to a class
    CHANNEL_LAYERS["default"]["CONFIG"]["hosts"][0]["max_connections"] = LIVE_REDIS_MAX_CONNECTIONS  # noqa: F405
    CHANNEL_LAYERS["default"]["CONFIG"]["capacity"] = LIVE_LAYER_CAPACITY  # noqa: F405
