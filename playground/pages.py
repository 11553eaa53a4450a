"""The HTML pages. Each is a shell: the page's script loads the design, the catalogue and the
scenario through the REST API (so the pages hold no business logic and never inline user text).

`/` gallery, new design, my designs; `/play/<id>/` the editor and live runs; `/s/<token>/` a
shared design, read-only, with Fork; `/scenarios/<slug>/` a scenario to read and Start (fork into a
new design); `/live/<token>/` watch a run along with the instructor (or, for a watch link that
has expired, was revoked or never existed, a page that says so with 410 or 404); `/w/<code>/` the
short link of a watch link (a redirect to its page); `/live/<token>/qr.svg` the QR code of that
short link (drawn by segno). The token and code pages count as token look-ups
(`playground.rate_limits`: a refused one gets the 429 page).
"""

import io

import segno
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
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


def _gone(request: HttpRequest, state: str, message: str | None = None) -> HttpResponse:
    """The product's page for a watch link that does not open: why, and the way back."""
    status, heading = _GONE[state]
    return render(
        request,
        "pages/watch_gone.html",
        {
            "page": "watch-gone",
            "reason": state,
            "heading": heading,
            "message": message or watch_links.MESSAGES[state],
        },
        status=status,
    )


@limit_page("token")
@ensure_csrf_cookie
def watch(request: HttpRequest, token: str) -> HttpResponse:
    """Watch a run along; a link that has expired, was revoked or never existed gets a page
    that says so (404 or 410), not an empty player."""
    state = watch_links.watch_link_state(run_id=watch_links.watch_run_id(token=token))
    if state != watch_links.OPEN:
        return _gone(request, state)
    return _page(request, "pages/play.html", page="play", mode="watch", ref=token)


@limit_page("token")
def watch_code(request: HttpRequest, code: str) -> HttpResponse:
    """A watch link's short code (any case): a redirect to its watch page, or the page that says
    why it does not open (404 for a code no link has, 410 expired or revoked)."""
    state, token = watch_links.watch_link_by_code(code=code)
    if state == watch_links.NOT_FOUND:
        return _gone(request, state, watch_links.CODE_NOT_FOUND)
    if state != watch_links.OPEN:
        return _gone(request, state)
    return HttpResponseRedirect(f"/live/{token}/")


@limit_page("token")
def watch_qr(request: HttpRequest, token: str) -> HttpResponse:
    """The QR code (SVG) of an open watch link's short link (of the watch page itself for a
    link without a code), for the owner to project; 404 or 410 as text when it does not open."""
    try:
        link = watch_links.watch_link_get(token=token)
    except watch_links.LinkClosed as closed:
        status = _GONE[closed.state][0]
        return HttpResponse(closed.message, status=status, content_type="text/plain")
    path = f"/w/{link.code}/" if link.code else f"/live/{token}/"
    out = io.BytesIO()
    segno.make(request.build_absolute_uri(path), error="m").save(
        out, kind="svg", scale=8, border=2, xmldecl=False, svgclass="qr", lineclass=None
    )
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response
