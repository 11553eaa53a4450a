"""Browser tests: a real daphne server (websockets need it; Django's live_server cannot serve them)
on a free port with a migrated temporary SQLite database, driven by Debian's Chromium through
Playwright (never `playwright install`). Screenshots go to test-artifacts/ (gitignored).

Every browser context listens for Content-Security-Policy violations (the `securitypolicyviolation`
event, and Chromium's own console report): any test whose pages met one fails, so a page that
starts needing an inline script or style is caught here rather than by a learner's blank canvas."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
SERVER_ENV: dict[str, str] = {}  # the server's environment (its database), once it is up
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]


def _listening_socket() -> socket.socket:
    """A socket already listening on a free port: the server is handed it (daphne --fd), so a
    request made before the server is up waits in the socket's backlog instead of failing."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    return sock


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian's Chromium (/usr/bin/chromium) is not installed: `make test` installs it"
        )
    db = tmp_path_factory.mktemp("e2e") / "db.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "playground.settings.test",
        "DATABASE_URL": f"sqlite:///{db}",
        "PYTHONUNBUFFERED": "1",
    }
    SERVER_ENV.update(env)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    subprocess.run(
        [sys.executable, "manage.py", "load_scenarios"],
        cwd=ROOT,
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    sock = _listening_socket()
    port = sock.getsockname()[1]
    log = open(tmp_path_factory.mktemp("log") / "daphne.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "daphne", "--fd", str(sock.fileno()), "playground.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        pass_fds=(sock.fileno(),),
    )
    sock.close()  # the server holds it now: if it dies, a request is refused at once
    base = f"http://127.0.0.1:{port}"
    try:  # waits in the backlog until the server has loaded and answers
        urllib.request.urlopen(f"{base}/api/components/", timeout=60).read()
    except OSError as exc:
        proc.kill()
        raise RuntimeError(f"daphne did not start ({exc}); see {log.name}") from exc
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()


@pytest.fixture(scope="session")
def server_python(server):
    """Run Python in the server's database (`manage.py shell -c`), for what only the server's
    own code writes: a learner's progress, say, which runs and checks record and no API sets."""

    def run(code: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
            cwd=ROOT,
            env=SERVER_ENV,
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout

    return run


# Playwright polls a bare expression given to `wait_for_function` through eval, which the CSP
# forbids (as it should: 'unsafe-eval' is not allowed); a function is run without eval. So every
# expression the tests wait on is given to Playwright as `() => (expression)`.
_FUNCTION = re.compile(r"^\s*(async\s+)?(function\b|\([^)]*\)\s*=>|[\w$]+\s*=>)")
_wait_for_function = Page.wait_for_function


def _wait_for_function_without_eval(self, expression, *args, **kwargs):
    if isinstance(expression, str) and not _FUNCTION.match(expression):
        expression = f"() => ({expression})"
    return _wait_for_function(self, expression, *args, **kwargs)


Page.wait_for_function = _wait_for_function_without_eval

CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (e) => console.error(
  `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`
  + ` at ${e.sourceFile || e.documentURI}:${e.lineNumber} ${e.sample || ''}`));
"""
_csp_violations: list[str] = []


def _on_console(message) -> None:
    text = message.text
    if text.startswith("CSP violation:") or "Content Security Policy" in text:
        _csp_violations.append(text)


class _CspWatchedBrowser:
    """The browser, every context of which reports CSP violations to `_csp_violations`."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, *args, **kwargs):
        ctx = self._browser.new_context(*args, **kwargs)
        ctx.add_init_script(CSP_LISTENER)
        ctx.on("console", _on_console)
        return ctx

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


@pytest.fixture(autouse=True)
def no_csp_violations():
    """Fails the test if any page it opened broke the Content-Security-Policy."""
    _csp_violations.clear()
    yield
    assert not _csp_violations, f"Content-Security-Policy violations: {_csp_violations}"


# Module scope, not session: Playwright's sync API keeps an asyncio loop running in the main
# thread while it is open, and every async test that runs after it (tests/live) would then fail
# with "Runner.run() cannot be called from a running event loop".
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield _CspWatchedBrowser(b)
        b.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.errors = errors
    yield pg
    assert not errors, f"JavaScript errors on the page: {errors}"
