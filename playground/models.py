"""What the playground stores: learners' designs, read-only share links, finished runs, links to
watch live runs along, and the scenario library.

A design belongs to exactly one owner: a user, or (for a learner without an account) a browser
session key. The document is the design JSON (format 1, DESIGN.md) exactly as the canvas sent it;
simengine validates it when it is run. Share links and runs keep a frozen snapshot of the design,
so deleting or editing the design never changes what a link shows or what a run ran.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

NAME_MAX_LENGTH = 200
SESSION_KEY_MAX_LENGTH = 40

_exactly_one_owner = (Q(owner__isnull=False) & Q(owner_session="")) | (
    Q(owner__isnull=True) & ~Q(owner_session="")
)


def new_share_token() -> str:
    """An unguessable URL-safe token (24 random bytes, 32 characters)."""
    return secrets.token_urlsafe(24)


class Design(models.Model):
    """A learner's design. `version` starts at 1 and grows by one on every successful update
    (optimistic concurrency: an update must name the version it last read)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="designs",
    )
    owner_session = models.CharField(
        max_length=SESSION_KEY_MAX_LENGTH, blank=True, default="", db_index=True
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    document = models.JSONField(default=dict)
    version = models.PositiveIntegerField(default=1)
    # The library scenario this design is an attempt at ("" for a design of the learner's own):
    # its goals and faults are the scenario's, locked, and its graded runs count as progress.
    scenario = models.SlugField(max_length=100, blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated", "-created"]
        constraints = [
            models.CheckConstraint(condition=_exactly_one_owner, name="design_exactly_one_owner")
        ]

    def __str__(self) -> str:
        return self.name


class ShareLink(models.Model):
    """A read-only link to a snapshot of a design, taken when the link was made. Anyone with the
    token can read and fork the snapshot until the creator revokes it or it expires; nobody can
    write to the original through it."""

    token = models.CharField(max_length=64, unique=True, default=new_share_token, editable=False)
    design = models.ForeignKey(
        Design, null=True, blank=True, on_delete=models.SET_NULL, related_name="share_links"
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    document = models.JSONField(default=dict)
    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="share_links",
    )
    creator_session = models.CharField(
        max_length=SESSION_KEY_MAX_LENGTH, blank=True, default="", db_index=True
    )
    expires = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(creator__isnull=False) & Q(creator_session=""))
                | (Q(creator__isnull=True) & ~Q(creator_session="")),
                name="sharelink_exactly_one_creator",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.token[:6]}…)"


class Run(models.Model):
    """One simulation run: the design it ran (a snapshot), the seed and, once finished, the
    report (DESIGN.md "Report"). `design` is kept only as a link back; it may be deleted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    design = models.ForeignKey(
        Design, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH, blank=True, default="")
    document = models.JSONField(default=dict)
    seed = models.BigIntegerField(default=1)
    report = models.JSONField(null=True, blank=True)
    # What the charts drew, downsampled and bounded (playground/live/series.py): a finished run's
    # charts are drawn again from it (the Runs panel). Null for runs stored before it was kept.
    series = models.JSONField(null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="runs",
    )
    owner_session = models.CharField(
        max_length=SESSION_KEY_MAX_LENGTH, blank=True, default="", db_index=True
    )
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(condition=_exactly_one_owner, name="run_exactly_one_owner")
        ]

    def __str__(self) -> str:
        return f"run {self.id} of {self.name or 'a design'}"


class Scenario(models.Model):
    """An exercise: the shipped library's (loaded from playground/scenarios/ by `manage.py
    load_scenarios` through `services.scenario_upsert`; `author` null), or an instructor's, made
    from one of their designs (`playground.authoring`; `author` set)."""

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=NAME_MAX_LENGTH)
    summary = models.TextField(blank=True, default="")
    story = models.TextField(blank=True, default="")
    level = models.CharField(max_length=40, blank=True, default="")
    tags = models.JSONField(default=list, blank=True)
    goals = models.JSONField(default=list, blank=True)
    hints = models.JSONField(default=list, blank=True)
    document = models.JSONField(default=dict)
    # The change that meets the goals (playground/scenarios/patches.py's form), for challenges;
    # null for explorations. Served with the scenario: the drawer reveals it only when asked.
    solution = models.JSONField(null=True, blank=True, default=None)
    order = models.IntegerField(default=0)
    # Who wrote it: null for the shipped library (playground/scenarios/, `load_scenarios`); an
    # instructor for one made from a design (issue 14). Authored scenarios open by their link
    # and in assignments; the public gallery lists only the shipped library.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scenarios",
    )
    created = models.DateTimeField(auto_now_add=True, null=True)
    # An authored scenario's checkpoint questions [{"question", "answer"}]; the shipped library's
    # are read from their files (`selectors.scenario_questions`), so this stays [] for them.
    questions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.title


class WatchLink(models.Model):
    """A link to watch one live run along (`/live/<token>/`), written once when the owner shares
    the run (never per frame) and once more when the run ends. The token is the run id, signed
    (`playground.live.services.watch_token`); this row is what can expire or be revoked.

    `expires` is first the latest the run could end plus the link's lifetime (a run whose server
    died never writes its end), then, at the end, `ended` plus LIVE_WATCH_TTL_S. The row also
    keeps the short code, the run's design snapshot and its scenario (written with the row), and
    the run's last picture (`final`, written with its report)."""

    run_id = models.UUIDField(primary_key=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="watch_links",
    )
    owner_session = models.CharField(
        max_length=SESSION_KEY_MAX_LENGTH, blank=True, default="", db_index=True
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH, blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    ended = models.DateTimeField(null=True, blank=True)
    expires = models.DateTimeField()
    revoked = models.BooleanField(default=False)
    # The short code a class types or scans (`/w/<code>/`), in classroom_models.CODE_ALPHABET;
    # null only on links made before codes existed.
    code = models.CharField(max_length=6, unique=True, null=True, blank=True)
    # What the run plays (a snapshot, as the owner's run was started with it) and the library
    # scenario its design attempts: viewers see the diagram, the goals and the story, and fork it.
    document = models.JSONField(default=dict, blank=True)
    scenario = models.SlugField(max_length=100, blank=True, default="")
    # The run as it stood at its end, written with its report (`live_run_store`), for viewers
    # who join after: {"frame": the last frame without its events, "faults": those injected}.
    final = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(condition=_exactly_one_owner, name="watchlink_exactly_one_owner")
        ]

    def __str__(self) -> str:
        return f"watch link to run {self.run_id}"


class Progress(models.Model):
    """One owner's progress on one library scenario: attempted (a complete graded run or a
    check), passed (a check whose every goal passed, or a complete graded run that met them all)
    and the best result so far (`best`: {"goals_passed", "goals_total", "source", "at"})."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="progress",
    )
    owner_session = models.CharField(
        max_length=SESSION_KEY_MAX_LENGTH, blank=True, default="", db_index=True
    )
    scenario = models.SlugField(max_length=100)
    attempts = models.PositiveIntegerField(default=0)
    passed = models.BooleanField(default=False)
    best = models.JSONField(default=dict, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["scenario"]
        constraints = [
            models.CheckConstraint(condition=_exactly_one_owner, name="progress_exactly_one_owner"),
            models.UniqueConstraint(
                fields=["owner", "scenario"],
                condition=Q(owner__isnull=False),
                name="progress_one_per_user",
            ),
            models.UniqueConstraint(
                fields=["owner_session", "scenario"],
                condition=Q(owner__isnull=True),
                name="progress_one_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"progress on {self.scenario}"


class SeedResult(models.Model):
    """One seed of one design run by one engine, kept so a check need not run it again
    (`playground.live.check_cache`): what `simengine.verify.SeedResult` holds, as JSON. `key` is
    the design's canonical hash and `engine` the engine's version (`simengine.verify_cache`).
    Rows of other engine versions, and the oldest past LIVE_CHECK_CACHE_MAX_ROWS, are pruned."""

    key = models.CharField(max_length=64)
    seed = models.PositiveIntegerField()
    engine = models.CharField(max_length=64, db_index=True)
    values = models.JSONField(default=list)
    passed = models.JSONField(default=list)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["key", "seed"]
        constraints = [
            models.UniqueConstraint(fields=["key", "seed", "engine"], name="seedresult_one_per_run")
        ]

    def __str__(self) -> str:
        return f"seed {self.seed} of design {self.key[:12]}…"


# The classroom's models live in their own module (this one would pass 350 lines).
from playground.classroom_models import Assignment, Enrollment, Submission  # noqa: E402,F401
