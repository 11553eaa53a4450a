"""Settings: `dev` is the embedded default `make run` serves (SQLite, in-memory channel layer,
DEBUG off unless PLAYGROUND_DEBUG=1); `prod` reads the environment (SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL, REDIS_URL, ...) and refuses to start with what would leave the site open; `test` is
dev made fast and unthrottled."""
