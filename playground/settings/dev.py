"""The embedded default: one machine, SQLite, in-memory channel layer, DEBUG on."""
from .base import *  # noqa: F401,F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret-architecture-playground"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
