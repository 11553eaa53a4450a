"""The HTML pages. Each is a shell: the page's script loads the design, the catalogue and the
scenario through the REST API (so the pages hold no business logic and never inline user text).

`/` gallery, new design, my designs; `/play/<id>/` the editor and live runs; `/s/<token>/` a
shared design, read-only, with Fork; `/scenarios/<slug>/` a scenario to read and Start (fork into a
new design); `/live/<token>/` watch a run along with the instructor (or, for a watch link that
has expired, was revoked or never existed, a page that says so with 410 or 404); `/w/<code>/` the
short link of a watch link (a redirect to its page); `/live/<token>/qr.svg` the QR code of that
short link (drawn by segno). The token and code pages count as token look-ups
(`playground.rate_limits`: a refused one gets the 429 page). `/a/<code>/` an assignment (its
code and QR code, the join form or Continue; close/reopen for its instructor), rendered by the
server with Django's escaping, counted as a code look-up; `/a/` a box to type a code into. An
instructor's playground page offers "Assign to a class" (`data-instructor`).
"""

import io

import segno
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie

from playground import classroom_selectors, selectors
from playground.exceptions import NotFound
from playground.instructors import is_instructor
from playground.live import watch_links
from playground.owners import owner_for_request
from playground.rate_limits import limit_page


def favicon(request: HttpRequest) -> HttpResponse:
    """`/favicon.ico` (asked for by pages with no <link rel="icon">: the API's JSON, a file): a
    redirect to the icon's hashed URL, looked up when asked. At import time the collected files'
    manifest may not exist yet (`make setup` migrates before it collects them). Temporary
    (302), so a browser follows the icon's next hash."""
    return HttpResponseRedirect(static("favicon.svg"))


def _page(request: HttpRequest, template: str, **context: object) -> HttpResponse:
    return render(request, template, {"instructor": is_instructor(request.user), **context})


@ensure_csrf_cookie
def home(request: HttpRequest) -> HttpResponse:
    return _page(request, "pages/home.html", page="home")


@ensure_csrf_cookie
def play(request: HttpRequest, design_id: object) -> HttpResponse:
    return _page(request, "pages/play.html", page="play", mode="edit", ref=str(design_id))


SHARE_GONE = (
    "This share link does not exist, has expired or was revoked. Ask whoever sent it for a new "
    "one; a design of your own is under “My designs” in the gallery."
)


@limit_page("token")
@ensure_csrf_cookie
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """A link that does not open gets the product's 404 page saying so, not an editor that never
    loads."""
    try:
        selectors.share_link_get_open(token=token)
    except ObjectDoesNotExist:
        context = {"status": 404, "heading": "This share link does not open", "message": SHARE_GONE}
        return render(request, "404.html", context, status=404)
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
    why it does not open (404 for a code no link has, 410 expired or revoked). `?projector=1`
    (or `=0`) is kept: a short link opened on the projector opens the page in projector mode."""
    state, token = watch_links.watch_link_by_code(code=code)
    if state == watch_links.NOT_FOUND:
        return _gone(request, state, watch_links.CODE_NOT_FOUND)
    if state != watch_links.OPEN:
        return _gone(request, state)
    projector = request.GET.get("projector")
    query = f"?projector={projector}" if projector in ("0", "1") else ""
    return HttpResponseRedirect(f"/live/{token}/{query}")


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


def qr_svg(link: str) -> str:
    """The QR code of `link` as inline SVG markup, drawn by segno (dark modules on white, a
    quiet zone of 4 modules as the standard asks; sized by CSS)."""
    code = segno.make(link, error="m", micro=False)
    return code.svg_inline(
        scale=1, border=4, omitsize=True, dark="#0f172a", light="#ffffff", svgclass="qr-svg"
    )


@limit_page("assignment")
@never_cache  # it changes as students join and submit, and as it is closed and reopened
@ensure_csrf_cookie
def assignment(request: HttpRequest, code: str) -> HttpResponse:
    """The assignment page: its title, the scenario's summary and story, the code in large type
    and the QR code of its link (to project), and a display-name form (or Continue and their
    submissions once joined); its instructor gets close/reopen, the counts and the class
    view's link instead of the form. An unknown
    code is a 404 page; a closed assignment a 410 page (its instructor still sees it all)."""
    try:
        found = classroom_selectors.assignment_get(code=code)
    except NotFound as exc:
        return _assignment_gone(
            request, 404, "No assignment has this code", str(exc), reason="not_found"
        )
    view = classroom_selectors.assignment_view(
        assignment=found, owner=owner_for_request(request, create=False), user=request.user
    )
    if not found.is_open and not view["is_instructor"]:
        return _assignment_gone(
            request,
            410,
            "This assignment is closed",
            "Your instructor closed it: nobody joins or submits until they reopen it. "
            "Anything you made is kept as it is.",
            reason="closed",
            view=view,
        )
    link = request.build_absolute_uri(f"/a/{found.code}/")
    return _page(
        request,
        "pages/assignment.html",
        page="assignment",
        view=view,
        a=found,
        link=link,
        qr=mark_safe(qr_svg(link)),  # segno's markup of our own link
    )


@ensure_csrf_cookie
def assignment_enter(request: HttpRequest) -> HttpResponse:
    """`/a/`: a box to type an assignment's code into (the page it names opens)."""
    return _assignment_gone(
        request,
        200,
        "Open an assignment",
        "Your instructor's code is 6 letters and digits, on the projector or in their message.",
        reason="enter",
    )


def _assignment_gone(request, status, heading, message, *, reason, view=None) -> HttpResponse:
    return render(
        request,
        "pages/assignment_gone.html",
        {"page": "assignment-gone", "heading": heading, "message": message, "reason": reason,
         "view": view},
        status=status,
    )  # fmt: skip
