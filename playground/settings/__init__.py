"""Settings: `dev` is the embedded default (SQLite, in-memory channel layer); `prod` reads the
environment (DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS); `test` is dev made fast."""
