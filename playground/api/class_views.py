"""The class view's API (issue 14): an assignment's results as JSON and CSV, one submission as
submitted, and the instructor's own copy of it. Only the assignment's instructor (or staff):
anyone else gets 403, an unknown code 404 (`class_results.assignment_for_instructor`)."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response

from playground import class_results, class_services
from playground.api import class_serializers as cs
from playground.api import serializers as s
from playground.api.base import ApiView, errors
from playground.class_csv import csv_filename, results_csv

CODE = OpenApiParameter(
    "code",
    {"type": "string", "pattern": "^[A-Za-z0-9]{1,12}$"},
    OpenApiParameter.PATH,
    description="The assignment's code (as students type it; case does not matter).",
)
SUBMISSION = OpenApiParameter(
    "id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The submission's id."
)
INSTRUCTOR_ONLY = {
    403: OpenApiResponse(
        s.ErrorOutput,
        description="Not the assignment's instructor (or not logged in): its submissions are "
        "theirs to see. (On POST, also a failed CSRF check.)",
    ),
    404: OpenApiResponse(
        s.ErrorOutput, description="No assignment with this code (or no such submission in it)."
    ),
}


class JsonErrors(BaseContentNegotiation):
    """The CSV download answers its errors in the API's JSON shape, whatever Accept says."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None


class ResultsView(ApiView):
    @extend_schema(
        operation_id="assignments_results",
        summary="Every student's latest and best submission, with each goal (instructor only)",
        parameters=[CODE],
        responses={200: cs.ResultsOutput, **INSTRUCTOR_ONLY},
    )
    def get(self, request: Request, code: str) -> Response:
        assignment = class_results.assignment_for_instructor(user=request.user, code=code)
        return Response(cs.ResultsOutput(class_results.results(assignment=assignment)).data)


class ResultsCsvView(ApiView):
    content_negotiation_class = JsonErrors

    @extend_schema(
        operation_id="assignments_results_csv",
        summary="The results as a CSV file, one row per student (instructor only)",
        description="RFC 4180, UTF-8, a header row; per goal of the latest and the best "
        "submission, `passed` (pass/fail) and `actual`. Text a student typed that a "
        "spreadsheet would run as a formula (starting = + - @) is prefixed with '.",
        parameters=[CODE],
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, description="The file (Content-Disposition: attachment)."
            ),
            **INSTRUCTOR_ONLY,
        },
    )
    def get(self, request: Request, code: str) -> HttpResponse:
        assignment = class_results.assignment_for_instructor(user=request.user, code=code)
        results = class_results.results(assignment=assignment)
        response = HttpResponse(results_csv(results), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{csv_filename(results)}"'
        return response


class SubmissionView(ApiView):
    @extend_schema(
        operation_id="assignments_submission",
        summary="One submission as submitted: its design and goals (instructor only)",
        parameters=[CODE, SUBMISSION],
        responses={200: cs.SubmittedDesignOutput, **INSTRUCTOR_ONLY},
    )
    def get(self, request: Request, code: str, id: str) -> Response:
        assignment = class_results.assignment_for_instructor(user=request.user, code=code)
        detail = class_results.submission_detail(assignment=assignment, submission_id=id)
        return Response(cs.SubmittedDesignOutput(detail).data)


class SubmissionForkView(ApiView):
    throttle_scopes = {"POST": ("design_create",)}

    @extend_schema(
        operation_id="assignments_submission_fork",
        summary="Copy a submission into a new design of yours, to open and run (instructor only)",
        description="For projecting a student's run: the copy attempts the assignment's "
        "scenario (its goals and faults locked); the submission itself does not change. Takes "
        "no body; one sent must still be readable JSON (400) within the size limit (413).",
        parameters=[CODE, SUBMISSION],
        request=None,
        responses={201: s.DesignOutput, **errors(400, 413), **INSTRUCTOR_ONLY},
    )
    def post(self, request: Request, code: str, id: str) -> Response:
        request.data  # noqa: B018  (a body, if sent, must be readable JSON within the limit)
        design = class_services.submission_fork(user=request.user, code=code, submission_id=id)
        return Response(s.DesignOutput(design).data, status=status.HTTP_201_CREATED)
