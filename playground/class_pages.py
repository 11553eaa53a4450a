"""The class view's pages (issue 14), for the assignment's instructor only: `/a/<code>/class/`,
the live table of the class's results, and `/a/<code>/submissions/<id>/`, one submission as it
was submitted, read-only on the canvas with its verdict. A visitor who is not logged in is sent
to log in; anyone else who is not the instructor gets the 403 page, an unknown code the 404 page.
The pages are shells: their scripts read the results and the submission through the API."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie

from playground import class_results
from playground.classroom_models import Assignment
from playground.exceptions import Forbidden, NotFound


def _assignment(request: HttpRequest, code: str) -> Assignment:
    try:
        return class_results.assignment_for_instructor(user=request.user, code=code)
    except NotFound:
        raise Http404("no such assignment") from None
    except Forbidden as denied:
        raise PermissionDenied(str(denied)) from None


@ensure_csrf_cookie
def class_view(request: HttpRequest, code: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    assignment = _assignment(request, code)
    return render(request, "pages/class_view.html", {"page": "class", "assignment": assignment})


@ensure_csrf_cookie
def class_submission(request: HttpRequest, code: str, submission_id: object) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    assignment = _assignment(request, code)
    try:
        class_results.submission_get(assignment=assignment, submission_id=submission_id)
    except ObjectDoesNotExist:
        raise Http404("no such submission") from None
    return render(
        request,
        "pages/play.html",
        {
            "page": "play",
            "mode": "submission",
            "ref": str(submission_id),
            "assignment_code": assignment.code,
        },
    )
