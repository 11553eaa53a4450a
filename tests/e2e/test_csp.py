"""The Content-Security-Policy in a real browser: every kind of page loads and runs under it, and
the listener every browser test has (conftest.py) does catch a violation."""

import conftest
import pytest
from e2e_helpers import shot

pytestmark = pytest.mark.e2e


def test_pages_run_under_the_policy(page, server):
    page.goto(f"{server}/")
    page.locator("[data-testid=scenarios] a.card").first.wait_for()
    page.click("[data-testid=new-design]")
    page.wait_for_url("**/play/**")
    page.wait_for_selector("body[data-ready=true]")
    assert (
        page.locator("[data-testid=palette-ec2]").count() == 1
    )  # the modules, JointJS and uPlot ran
    page.goto(f"{server}/api/docs/")
    page.locator(".opblock").first.wait_for()  # Swagger UI rendered the schema
    shot(page, "csp-swagger")
    for path in ("/accounts/login/", "/accounts/signup/", "/no-such-page/"):
        page.goto(f"{server}{path}")
        page.wait_for_load_state("load")


def test_an_inline_script_is_blocked_and_reported(page, server):
    page.goto(f"{server}/")
    with page.expect_console_message(lambda m: m.text.startswith("CSP violation:")):
        page.evaluate("""() => {
            const s = document.createElement('script');
            s.textContent = 'window.injected = true';
            document.head.append(s);
        }""")
    assert page.evaluate("window.injected") is None
    assert any("script-src" in v for v in conftest._csp_violations), conftest._csp_violations
    conftest._csp_violations.clear()  # expected here: the autouse check must not fail this test
