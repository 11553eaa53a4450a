"""A design's kept runs: the small list item (`GET /api/designs/{id}/runs/`, headline figures
read from the stored report) and the whole run (`GET /api/runs/{id}/`, report and series)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

SERIES_HELP = (
    "What the charts drew, downsampled (playground/live/series.py): "
    '{"step_s", "t": [...], "rps", "ok_rps", "p50_ms", "p95_ms", "p99_ms", "error_rate", '
    '"cost_per_hour", "in_service", "pending", "unhealthy", "depth"}, one list a column, at most '
    "600 rows; null for a run not finished or stored before series were kept."
)


class RunOutput(serializers.Serializer):
    id = serializers.UUIDField()
    design = serializers.UUIDField(source="design_id", allow_null=True)
    name = serializers.CharField()
    seed = serializers.IntegerField()
    report = serializers.JSONField(
        allow_null=True, help_text="The run's report (DESIGN.md); null while running."
    )
    series = serializers.JSONField(allow_null=True, help_text=SERIES_HELP)
    created = serializers.DateTimeField()
    finished = serializers.DateTimeField(allow_null=True)


class RunHeadlineOutput(serializers.Serializer):
    goals_passed = serializers.IntegerField(min_value=0)
    goals_total = serializers.IntegerField(min_value=0)
    graded = serializers.BooleanField(help_text="False: a run stopped early or changed live.")
    requests = serializers.IntegerField(min_value=0, allow_null=True)
    error_rate = serializers.FloatField(allow_null=True, help_text="Failed / all, 0-1.")
    p50_ms = serializers.FloatField(allow_null=True)
    p95_ms = serializers.FloatField(allow_null=True)
    p99_ms = serializers.FloatField(allow_null=True)
    cost_per_hour = serializers.FloatField(allow_null=True, help_text="USD an hour.")
    cost_total = serializers.FloatField(allow_null=True, help_text="USD for the run.")


def _num(value: Any) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def headline(report: Any) -> dict[str, Any]:
    """The figures a run's list item shows, from its stored report (missing parts are null)."""
    report = report if isinstance(report, dict) else {}
    goals = [g for g in report.get("goals") or [] if isinstance(g, dict)]
    req = report.get("requests") if isinstance(report.get("requests"), dict) else {}
    lat = report.get("latency_ms") if isinstance(report.get("latency_ms"), dict) else {}
    cost = report.get("cost") if isinstance(report.get("cost"), dict) else {}
    total, failed = _num(req.get("total")), _num(req.get("failed"))
    return {
        "goals_passed": sum(bool(g.get("passed")) for g in goals),
        "goals_total": len(goals),
        "graded": report.get("graded") is not False,
        "requests": int(total) if total is not None else None,
        "error_rate": (failed or 0) / total if total else None,
        "p50_ms": _num(lat.get("p50")),
        "p95_ms": _num(lat.get("p95")),
        "p99_ms": _num(lat.get("p99")),
        "cost_per_hour": _num(cost.get("per_hour")),
        "cost_total": _num(cost.get("total")),
    }


class RunListItemOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField(help_text="The design's name when it ran.")
    created = serializers.DateTimeField(help_text="When the run started.")
    finished = serializers.DateTimeField()
    seed = serializers.IntegerField()
    duration = serializers.SerializerMethodField(help_text="Simulated seconds the report covers.")
    headline = serializers.SerializerMethodField()

    @extend_schema_field({"type": "number", "nullable": True})
    def get_duration(self, run: Any) -> float | None:
        return _num((run.report or {}).get("duration")) if isinstance(run.report, dict) else None

    @extend_schema_field(RunHeadlineOutput)
    def get_headline(self, run: Any) -> dict[str, Any]:
        return headline(run.report)


class RunPageOutput(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = RunListItemOutput(many=True)
