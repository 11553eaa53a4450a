"""The class view's results as CSV (RFC 4180, through the `csv` module): one row per student,
their latest and best submission, and for each goal whether it passed and its number.

Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a formula, so
text a student typed (their display name) and the assignment's title get a leading ' there
(OWASP, "CSV Injection": https://owasp.org/www-community/attacks/CSV_Injection).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from simengine.goal_metrics import with_unit

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: Any) -> str:
    """Text a spreadsheet will show as text, never run as a formula."""
    text = "" if text is None else str(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _goal_name(goal: dict[str, Any]) -> str:
    where = f" at {goal['scope']}" if goal.get("scope") else ""
    value = goal.get("value")
    if isinstance(value, (int, float)):
        shown = with_unit(value, goal.get("unit"), goal.get("metric") or "")
    else:
        shown = str(value)
    return f"{goal['label']}{where} {goal['op']} {shown}"


def _iso(moment: Any) -> str:
    return moment.isoformat() if moment is not None else ""


def _key(goal: dict[str, Any]) -> tuple:
    return (goal.get("metric"), goal.get("scope"), goal.get("op"), goal.get("value"))


def matching_goal(sub_goals: list[dict[str, Any]], goal: dict[str, Any], i: int):
    """The submission's row for this goal column: the same goal, else the one in its place."""
    for row in sub_goals:
        if _key(row) == _key(goal):
            return row
    return sub_goals[i] if i < len(sub_goals) else None


def _submission_cells(sub: dict[str, Any] | None, goals: list[dict[str, Any]]) -> list[Any]:
    if sub is None:
        return ["", "", ""] + ["", ""] * len(goals)
    cells: list[Any] = [_iso(sub["created"]), sub["goals_passed"], sub["goals_total"]]
    for i, goal in enumerate(goals):
        row = matching_goal(sub["goals"], goal, i)
        if row is None:
            cells += ["", ""]
            continue
        cells += [
            "pass" if row["passed"] else "fail",
            "" if row["actual"] is None else row["actual"],
        ]
    return cells


def results_csv(results: dict[str, Any]) -> str:
    """The text of the CSV file (CRLF line ends, quoted where needed, a header row)."""
    goals = results["goals"]
    header = ["display_name", "joined", "submissions"]
    for which in ("latest", "best"):
        header += [f"{which}_submitted", f"{which}_goals_passed", f"{which}_goals_total"]
        for goal in goals:
            name = _goal_name(goal)
            header += [f"{which}: {name}: passed", f"{which}: {name}: actual"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for student in results["students"]:
        writer.writerow(
            [safe_text(student["display_name"]), _iso(student["joined"]), student["submissions"]]
            + _submission_cells(student["latest"], goals)
            + _submission_cells(student["best"], goals)
        )
    return out.getvalue()


def csv_filename(results: dict[str, Any]) -> str:
    """`results-<code>.csv`: the code is of a fixed alphabet, so nothing needs quoting."""
    return f"results-{results['assignment']['code']}.csv"
