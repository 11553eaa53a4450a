"""Assignments (issue 14): an instructor sets one, a student joins it with a display name (no
account needed) and submits their fork; the instructor closes and reopens it. Thin views over
`playground.classroom` (writes) and `playground.classroom_selectors` (reads).

Looking up a code (every endpoint here) counts in the "assignment" throttle scope per address,
so codes cannot be enumerated quickly; a join also counts as a new design (it makes a fork).
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from playground import classroom, classroom_selectors
from playground.api import assignment_serializers as a
from playground.api import serializers as s
from playground.api.base import ApiView, valid
from playground.owners import owner_for_request

CODE = OpenApiParameter(
    "code",
    {"type": "string", "pattern": "^[A-Za-z0-9]{1,20}$"},
    OpenApiParameter.PATH,
    description="The assignment's short code, any case (k7qx2m finds K7QX2M).",
)

_TEXT = {
    400: "Invalid input: `problems` lists each field and what is wrong with it.",
    403: "Not yours to do (the sentence says who may), or the CSRF check failed.",
    404: "No assignment has this code.",
    409: "Refused as things stand, nothing changed: the sentence says why and what to do.",
    413: "The request body is larger than 512 KiB.",
}


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(s.ErrorOutput, description=_TEXT[code]) for code in codes}


def _context(request: Request) -> dict[str, object]:
    return {"request": request}


class AssignmentCreateView(ApiView):
    throttle_scopes = {"POST": ("assignment_create",)}

    @extend_schema(
        operation_id="assignments_create",
        summary="Set an assignment (instructors)",
        description=(
            "An instructor (staff, or a user in the instructor group) publishes a scenario as an "
            "assignment with a short code and a link (`/a/<code>/`). Send `scenario` (a library "
            "slug or one you authored) or `design_id` (one of your designs with goals: a "
            "snapshot of it becomes an authored scenario), exactly one. Anyone else: 403."
        ),
        request=a.AssignmentCreateInput,
        responses={201: a.AssignmentOutput, **_errors(400, 403, 404, 413)},
    )
    def post(self, request: Request) -> Response:
        data = valid(a.AssignmentCreateInput, request)
        assignment = classroom.assignment_create(user=request.user, **data)
        return Response(
            a.AssignmentOutput(assignment, context=_context(request)).data,
            status=status.HTTP_201_CREATED,
        )


class AssignmentDetailView(ApiView):
    throttle_scopes = {"GET": ("assignment",)}

    @extend_schema(
        operation_id="assignments_retrieve",
        summary="An assignment, and your enrollment in it",
        description=(
            "Anyone with the code: the assignment and its scenario; `you`: the caller's "
            "enrollment (their fork and submissions) or null; `counts` for the instructor who "
            "set it. Asking starts no session."
        ),
        parameters=[CODE],
        responses={200: a.AssignmentDetailOutput, **_errors(404)},
    )
    def get(self, request: Request, code: str) -> Response:
        assignment = classroom_selectors.assignment_get(code=code)
        view = classroom_selectors.assignment_view(
            assignment=assignment,
            owner=owner_for_request(request, create=False),
            user=request.user,
        )
        return Response(a.AssignmentDetailOutput(view, context=_context(request)).data)


class AssignmentJoinView(ApiView):
    throttle_scopes = {"POST": ("assignment", "design_create")}

    @extend_schema(
        operation_id="assignments_join",
        summary="Join an assignment with a display name (no account needed)",
        description=(
            "Makes your enrollment and your own fork of the assignment's scenario, together "
            "(201); a browser without a session gets one. Joining again from the same browser "
            "returns the enrollment you have (200, no second fork), even once closed. 409: the "
            "name is taken in this class, or the assignment is closed. 403: you set it."
        ),
        parameters=[CODE],
        request=a.JoinInput,
        responses={
            200: a.JoinOutput,
            201: a.JoinOutput,
            **_errors(400, 403, 404, 409, 413),
        },
    )
    def post(self, request: Request, code: str) -> Response:
        classroom_selectors.assignment_get(code=code)  # 404 before a session is started
        data = valid(a.JoinInput, request)
        enrollment, new = classroom.assignment_join(
            owner=owner_for_request(request, create=True),
            code=code,
            user=request.user,
            **data,
        )
        you = {
            "code": enrollment.assignment.code,
            "joined": new,
            "display_name": enrollment.display_name,
            "design_id": enrollment.design_id,
            "submissions": classroom_selectors.submissions_of(enrollment=enrollment),
        }
        return Response(
            a.JoinOutput(you).data, status=status.HTTP_201_CREATED if new else status.HTTP_200_OK
        )


class AssignmentSubmitView(ApiView):
    throttle_scopes = {"POST": ("assignment",)}

    @extend_schema(
        operation_id="assignments_submit",
        summary="Submit your fork as it is now (after Check my design)",
        description=(
            "An immutable record: a snapshot of your fork and the verdict its check gave this "
            "version (201). Only the enrolled student, only their own fork (403). 409 when the "
            "assignment is closed, this version has no complete check (check it first), or "
            "this version was submitted already; nothing is stored and your design stays as it "
            "is. Later edits of the design never change a submission."
        ),
        parameters=[CODE],
        request=a.SubmitInput,
        responses={201: a.SubmissionOutput, **_errors(400, 403, 404, 409, 413)},
    )
    def post(self, request: Request, code: str) -> Response:
        classroom_selectors.assignment_get(code=code)
        data = valid(a.SubmitInput, request)
        submission = classroom.submission_create(
            owner=owner_for_request(request, create=False), code=code, **data
        )
        return Response(a.SubmissionOutput(submission).data, status=status.HTTP_201_CREATED)


class _OpenView(ApiView):
    is_open = True

    def post(self, request: Request, code: str) -> Response:
        assignment = classroom.assignment_set_open(
            user=request.user, code=code, is_open=self.is_open
        )
        return Response(a.AssignmentOutput(assignment, context=_context(request)).data)


_SET_OPEN = {
    "parameters": [CODE],
    "request": None,
    "responses": {200: a.AssignmentOutput, **_errors(403, 404)},
}


class AssignmentCloseView(_OpenView):
    is_open = False

    @extend_schema(
        operation_id="assignments_close",
        summary="Close an assignment: no joins or submissions (its instructor; idempotent)",
        **_SET_OPEN,
    )
    def post(self, request: Request, code: str) -> Response:
        return super().post(request, code)


class AssignmentReopenView(_OpenView):
    is_open = True

    @extend_schema(
        operation_id="assignments_reopen",
        summary="Reopen a closed assignment (its instructor; idempotent)",
        **_SET_OPEN,
    )
    def post(self, request: Request, code: str) -> Response:
        return super().post(request, code)
