"""The embedded default `make run` serves: one machine, SQLite, in-memory channel layer, and DEBUG
off, so a class meets the product's own error pages and static files are served as in production
(collected with hashed names by `make run`).

A developer opts in to Django's debug pages with PLAYGROUND_DEBUG=1: static files are then read
straight from static/ and node_modules (no collectstatic, edits show on reload).
"""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("PLAYGROUND_DEBUG", "") == "1"
SECRET_KEY = "dev-only-not-secret-architecture-playground"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

if DEBUG:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
