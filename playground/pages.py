"""The HTML pages. Each is a shell: the page's script loads the design, the catalogue and the
scenario through the REST API (so the pages hold no business logic and never inline user text).

`/` gallery, new design, my designs; `/play/<id>/` the editor and live runs; `/s/<token>/` a
shared design, read-only, with Fork; `/scenarios/<slug>/` a scenario to read and Start (fork into a
new design); `/live/<token>/` watch a run along with the instructor (or, for a watch link that
has expired, was revoked or never existed, a page that says so with 410 or 404). The two token
pages count as token look-ups (`playground.rate_limits`: a refused one gets the 429 page).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie

from playground.live import watch_links
from playground.rate_limits import limit_page


def _page(request: HttpRequest, template: str, **context: object) -> HttpResponse:
    return render(request, template, context)


@ensure_csrf_cookie
def home(request: HttpRequest) -> HttpResponse:
    return _page(request, "pages/home.html", page="home")


@ensure_csrf_cookie
def play(request: HttpRequest, design_id: object) -> HttpResponse:
    return _page(request, "pages/play.html", page="play", mode="edit", ref=str(design_id))


@limit_page("token")
@ensure_csrf_cookie
def shared(request: HttpRequest, token: str) -> HttpResponse:
    return _page(request, "pages/play.html", page="play", mode="shared", ref=token)


@ensure_csrf_cookie
def scenario(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, "pages/play.html", page="play", mode="scenario", ref=slug)


_GONE = {  # a watch link that does not open: the status and the page's heading
    "not_found": (404, "This watch link does not exist"),
    "expired": (410, "This watch link has expired"),
    "revoked": (410, "This run is no longer shared"),
}


@limit_page("token")
@ensure_csrf_cookie
def watch(request: HttpRequest, token: str) -> HttpResponse:
    """Watch a run along; a link that has expired, was revoked or never existed gets a page
    that says so (404 or 410), not an empty player."""
    state = watch_links.watch_link_state(run_id=watch_links.watch_run_id(token=token))
    if state != watch_links.OPEN:
        status, heading = _GONE[state]
        return render(
            request,
            "pages/watch_gone.html",
            {
                "page": "watch-gone",
                "reason": state,
                "heading": heading,
                "message": watch_links.MESSAGES[state],
            },
            status=status,
        )
    return _page(request, "pages/play.html", page="play", mode="watch", ref=token)
