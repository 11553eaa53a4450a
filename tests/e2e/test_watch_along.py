"""Watch-along in real browsers at a projector's 1280x720: the owner's box shows the short link,
its code and a QR code; a viewer who came through the short link sees the AZ outage the owner
injects shaded on the canvas and banded on the timeline, "Paused" while the owner pauses, the
goals in the drawer and the report over the diagram at the end; a viewer who joins mid-outage
sees it shaded at once, one who joins after the end gets the diagram and the report, and the run
as it ended (the AZ still dark shaded, the run's figures, charts and events in the panel); and a
viewer forks the design into their own."""

import pytest
from e2e_helpers import example, open_new_design, shot

pytestmark = pytest.mark.e2e

PROJECTOR = {"width": 1280, "height": 720}
AZ = '[model-id="@az/us-east-1a"]'


def _joined(watcher, url: str) -> None:
    watcher.goto(url)
    watcher.wait_for_function(
        "window.playground && window.playground.lastFrame && window.playground.lastFrame.t > 1",
        timeout=30000,
    )


def _status(watcher) -> str:
    return watcher.locator("[data-testid=watch-status]").inner_text()


def test_a_viewer_sees_the_outage_the_pause_and_the_report(page, server, browser):
    page.set_viewport_size(PROJECTOR)
    doc = example("three-tier")
    doc["run"] = {"duration": 600, "seed": 5, "warmup": 0}
    open_new_design(page, server, doc)
    page.select_option("[data-testid=speed]", "5")
    page.check("[data-testid=share-live]")
    page.click("[data-testid=run]")
    url = page.locator("[data-testid=watch-url]").input_value()
    code = page.locator("[data-testid=watch-code]").inner_text().split()[-1]
    assert url == f"{server}/w/{code}/", "the short link is the one shown"
    assert len(code) == 6
    box = page.locator("[data-testid=stop-sharing]").bounding_box()
    assert box["y"] + box["height"] <= 720, "Stop sharing stays on a projector's screen"
    page.click("[data-testid=show-qr]")
    page.wait_for_function(
        "document.querySelector('[data-testid=qr-image]').naturalWidth > 100", timeout=10000
    )
    shot(page, "12-watch-qr")
    page.click("[data-testid=qr-done]")
    panel = page.locator("[data-testid=live-panel]").inner_text()
    assert "null" not in panel and "undefined" not in panel, panel

    other = browser.new_context(viewport=PROJECTOR)
    try:
        watcher = other.new_page()
        _joined(watcher, url)
        assert "/live/" in watcher.url, "the short link redirected to the watch page"
        for tool in ["undo", "redo", "check"]:  # nothing to edit on a watch page
            assert watcher.locator(f"[data-testid={tool}]").is_hidden(), tool
        assert _status(watcher) == "Watching live · 5×"
        page.select_option("[data-testid=speed]", "10")  # the owner's speed change shows too
        watcher.wait_for_function(
            "document.querySelector('[data-testid=watch-status]').textContent.endsWith('10×')",
            timeout=15000,
        )
        assert watcher.locator("text=fork from the share link").count() == 0
        panel = watcher.locator("[data-testid=live-panel]").inner_text()
        assert "null" not in panel and "Fork this design" in panel, panel
        # The owner injects an AZ outage by clicking the AZ; the viewer sees it shaded and banded.
        page.wait_for_function("window.playground.lastFrame.t > 3", timeout=30000)
        az = page.locator(f'{AZ} [joint-selector="body"]').bounding_box()
        page.mouse.click(az["x"] + az["width"] - 20, az["y"] + az["height"] - 20)
        page.click("[data-testid=inject-az_outage]")
        watcher.wait_for_selector(f"{AZ}.is-dark", timeout=15000)
        band = watcher.locator(".tl-plan")
        assert band.count() == 1 and "AZ outage on us-east-1a" in band.get_attribute("title")
        assert float(band.evaluate("(el) => parseFloat(el.style.width)")) > 5, "a band, not a tick"
        watcher.wait_for_selector('.pg-live[data-node="db"][data-status="down"]', timeout=15000)
        shot(watcher, "13-watch-az-down")

        # The owner pauses: the viewer's page says so, and not "0.0x".
        page.click("[data-testid=pause]")
        watcher.wait_for_selector("[data-testid=watch-status][data-state=paused]", timeout=15000)
        assert "Paused" in _status(watcher)
        assert watcher.locator(".tl-rate").inner_text() == "Paused"
        assert watcher.evaluate("document.body.dataset.run") == "paused"
        assert watcher.locator("[data-testid=save-state]").inner_text() == "Watching · paused"
        shot(watcher, "14-watch-paused")

        # A viewer who joins now sees the outage shaded and the pause at once.
        late = other.new_page()
        late.goto(url)
        late.wait_for_selector("[data-testid=watch-status][data-state=paused]", timeout=15000)
        late.wait_for_selector(f"{AZ}.is-dark", timeout=5000)
        assert late.locator(".tl-plan").count() == 1
        late.close()

        # Goals & story: the drawer opens read-only with the design's goals.
        watcher.click("[data-testid=drawer-toggle]")
        goals = watcher.locator("[data-testid=goals] li")
        assert goals.count() == 1 and watcher.locator("[data-testid=goal-form]").count() == 0
        watcher.click("[data-testid=drawer-toggle]")

        page.click("[data-testid=pause]")  # resume
        watcher.wait_for_function(
            "document.querySelector('[data-testid=watch-status]').dataset.state === 'running'",
            timeout=15000,
        )
        page.click("[data-testid=stop]")
        watcher.wait_for_selector("[data-testid=report]", timeout=30000)
        assert watcher.locator('[model-id="web"]').is_visible(), "the report is over the diagram"
        shot(watcher, "15-watch-report")

        # Joining after the end: the diagram is drawn AND the report is shown.
        after = other.new_page()
        after.goto(url)
        after.wait_for_selector("[data-testid=report]", timeout=15000)
        assert [n["id"] for n in after.evaluate("window.playground.getDesign().nodes")] == [
            "users",
            "lb",
            "web",
            "db",
        ]
        assert after.locator('[model-id="db"]').count() == 1
        shot(after, "16-watch-late-report")
        after.close()

        # Fork this design: a design of the viewer's own, opened in the editor.
        watcher.click("[data-testid=report-close]")
        fork = watcher.locator("[data-testid=fork]")
        assert fork.inner_text() == "Fork this design"
        fork.click()
        watcher.wait_for_url(f"{server}/play/*/", timeout=15000)
        watcher.wait_for_selector("body[data-ready=true]")
        nodes = watcher.evaluate("window.playground.getDesign().nodes.map((n) => n.id)")
        assert nodes == ["users", "lb", "web", "db"]
        assert watcher.locator("[data-testid=save-state]").inner_text() == "Saved"
    finally:
        other.close()


def test_a_viewer_who_joins_after_a_run_ended_in_an_outage_sees_it_as_it_ended(
    page, server, browser
):
    page.set_viewport_size(PROJECTOR)
    doc = example("three-tier")
    doc["run"] = {"duration": 600, "seed": 7, "warmup": 0}
    open_new_design(page, server, doc)
    page.select_option("[data-testid=speed]", "5")
    page.check("[data-testid=share-live]")
    page.click("[data-testid=run]")
    url = page.locator("[data-testid=watch-url]").input_value()
    page.wait_for_function("window.playground.lastFrame && window.playground.lastFrame.t > 3")
    az = page.locator(f'{AZ} [joint-selector="body"]').bounding_box()
    page.mouse.click(az["x"] + az["width"] - 20, az["y"] + az["height"] - 20)
    page.click("[data-testid=inject-az_outage]")  # for 2 minutes: still dark when it stops
    page.wait_for_selector('.pg-live[data-node="db"][data-status="down"]', timeout=15000)
    page.click("[data-testid=stop]")
    page.wait_for_selector("[data-testid=report]", timeout=30000)
    ended = page.evaluate("window.playground.lastFrame.global.requests.total")

    other = browser.new_context(viewport=PROJECTOR)
    try:
        after = other.new_page()
        after.goto(url)
        after.wait_for_selector("[data-testid=report]", timeout=15000)
        after.wait_for_selector(f"{AZ}.is-dark", timeout=5000)
        assert after.locator('[model-id="@az/us-east-1b"].is-dark').count() == 0
        band = after.locator(".tl-plan")
        assert band.count() == 1 and "AZ outage on us-east-1a" in band.get_attribute("title")
        after.wait_for_selector('.pg-live[data-node="db"][data-status="down"]', timeout=5000)
        assert after.evaluate("window.playground.lastFrame.global.requests.total") >= ended
        shot(after, "19-watch-late-after-outage")
        after.click("[data-testid=report-close]")
        # The run's figures in the panel, not the design's inspector; the picture stays.
        assert after.locator("[data-testid=inspector]").is_hidden()
        figures = after.locator("[data-testid=global-figures]")
        assert figures.is_visible() and "rps" in figures.inner_text(), figures.inner_text()
        values = after.locator(".kpi-value").all_inner_texts()
        assert len(values) == 4 and all(v.strip() for v in values), values
        assert after.locator(f"{AZ}.is-dark").count() == 1
        assert after.locator(".tl-event").count() > 0, "the run's events on the timeline"
        assert after.evaluate("window.playground.live.charts.charts[0].data[0].length") > 1
        assert after.locator("[data-testid=watch-status]").inner_text() == "The run is over."
        shot(after, "20-watch-late-panel")
    finally:
        other.close()


def test_a_link_revoked_while_watching_says_so_on_the_page(page, server, browser):
    page.set_viewport_size(PROJECTOR)
    doc = example("three-tier")
    doc["run"] = {"duration": 600, "seed": 6, "warmup": 0}
    open_new_design(page, server, doc)
    page.select_option("[data-testid=speed]", "5")
    page.check("[data-testid=share-live]")
    page.click("[data-testid=run]")
    url = page.locator("[data-testid=watch-url]").input_value()
    other = browser.new_context(viewport=PROJECTOR)
    try:
        watcher = other.new_page()
        _joined(watcher, url)
        page.click("[data-testid=stop-sharing]")
        banner = watcher.locator("[data-testid=watch-gone-banner]")
        banner.wait_for(timeout=15000)
        assert "stopped sharing" in banner.inner_text()
        assert watcher.locator("[data-testid=fork]").is_disabled()
        assert banner.locator("a[href='/']").count() == 1, "with the way back"
        shot(watcher, "17-watch-revoked-banner")
        gone = watcher.goto(f"{server}/w/{url.rstrip('/').split('/')[-1]}/")
        assert gone.status == 410
        assert watcher.locator("[data-testid=watch-gone]").get_attribute("data-reason") == "revoked"
        shot(watcher, "19-watch-code-revoked")
        typo = watcher.goto(f"{server}/w/abcde0/")
        assert typo.status == 404 and "No run is shared under that code" in watcher.content()
        watcher.click("text=Go to the scenario gallery")
        watcher.wait_for_url(f"{server}/")
    finally:
        other.close()
    page.click("[data-testid=stop]")
    page.wait_for_selector("[data-testid=report]", timeout=30000)


def test_a_link_that_expires_while_watched_says_so_on_the_page(
    page, server, browser, server_python
):
    doc = example("three-tier")
    doc["run"] = {"duration": 600, "seed": 7, "warmup": 0}
    open_new_design(page, server, doc)
    page.check("[data-testid=share-live]")
    page.click("[data-testid=run]")
    url = page.locator("[data-testid=watch-url]").input_value()
    code = url.rstrip("/").split("/")[-1]
    page.wait_for_function("window.playground.lastFrame && window.playground.lastFrame.t > 1")
    page.click("[data-testid=stop]")
    page.wait_for_selector("[data-testid=report]", timeout=30000)
    # The link's last day is nearly over: it expires a few seconds from now.
    server_python(
        "import datetime; from django.utils import timezone; "
        "from playground.models import WatchLink; "
        f"WatchLink.objects.filter(code={code!r}).update("
        "expires=timezone.now() + datetime.timedelta(seconds=8))"
    )
    other = browser.new_context(viewport=PROJECTOR)
    try:
        watcher = other.new_page()
        watcher.goto(url)
        watcher.wait_for_selector("[data-testid=report]", timeout=15000)
        assert watcher.locator("[data-testid=watch-gone-banner]").count() == 0
        banner = watcher.locator("[data-testid=watch-gone-banner]")
        banner.wait_for(timeout=20000)
        assert "expired" in banner.inner_text()
        watcher.click("[data-testid=report-close]")
        assert watcher.locator("[data-testid=fork]").is_disabled()
        assert watcher.goto(url).status == 410
    finally:
        other.close()


def test_a_viewer_of_a_scenario_run_reads_its_story_and_sees_its_scheduled_outage(
    page, server, browser
):
    """The scenario's goals and story in the drawer (read-only), its scheduled AZ outage banded
    on the timeline from the start and shaded when it comes."""
    page.set_viewport_size(PROJECTOR)
    page.goto(f"{server}/scenarios/multi-az-failover/")
    page.wait_for_selector("body[data-ready=true]")
    page.click("[data-testid=start]")
    page.wait_for_url("**/play/**")
    page.wait_for_selector("body[data-ready=true]")
    if page.locator("[data-testid=drawer]").is_visible():
        page.click("[data-testid=drawer-toggle]")
    page.select_option("[data-testid=speed]", "10")
    page.check("[data-testid=share-live]")
    page.click("[data-testid=run]")
    url = page.locator("[data-testid=watch-url]").input_value()
    story = page.evaluate(
        "fetch('/api/scenarios/multi-az-failover/').then((r) => r.json()).then((s) => s.story)"
    )
    other = browser.new_context(viewport=PROJECTOR)
    try:
        watcher = other.new_page()
        _joined(watcher, url)
        band = watcher.locator(".tl-plan")
        assert band.count() == 1
        assert "AZ outage on us-east-1b at 1:30" in band.get_attribute("title")
        watcher.click("[data-testid=drawer-toggle]")
        drawer = watcher.locator("[data-testid=drawer]")
        assert story.split("\n")[0][:60] in drawer.inner_text(), "the scenario's story"
        assert watcher.locator("[data-testid=goal-locked]").count() >= 1
        assert watcher.locator("[data-testid=goal-form]").count() == 0, "read-only"
        shot(watcher, "18-watch-scenario-drawer")
        watcher.click("[data-testid=drawer-toggle]")
        watcher.wait_for_selector('[model-id="@az/us-east-1b"].is-dark', timeout=30000)
    finally:
        other.close()
    page.click("[data-testid=stop]")
    page.wait_for_selector("[data-testid=report]", timeout=30000)
