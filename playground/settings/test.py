"""Tests: the dev settings (DEBUG off) with fast password hashing, static files read through the
finders (no collectstatic), and no throttle: every rate is None. Tests of the throttles and the
lockout set their own figures (`override_settings`; both are read at request time)."""

from .dev import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
THROTTLE_RATES = dict.fromkeys(THROTTLE_RATES)  # noqa: F405
AXES_ENABLED = False
