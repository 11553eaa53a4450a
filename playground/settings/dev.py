"""The embedded default: one machine, SQLite, in-memory channel layer, DEBUG on."""
from .base import *  # noqa: F401,F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret-architecture-playground"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

# One `python -m daphne` process serves the static files too: whitenoise finds them through the
# staticfiles finders (our static/ and the npm packages), so no collectstatic step and no
# STATIC_ROOT to warn about.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
