"""Admin: look after designs, share links, runs and the scenario library."""

from django import forms
from django.contrib import admin

from playground import authoring, selectors
from playground.models import Design, Run, Scenario, ShareLink


@admin.register(Design)
class DesignAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "owner_session", "version", "updated")
    list_filter = ("updated",)
    search_fields = ("name", "owner__username", "owner_session")
    readonly_fields = ("id", "created", "updated")


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = ("name", "token", "creator", "revoked", "expires", "created")
    list_filter = ("revoked",)
    search_fields = ("name", "token", "creator__username")
    readonly_fields = ("token", "created")
    raw_id_fields = ("design",)


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "owner", "seed", "created", "finished")
    search_fields = ("name", "owner__username")
    readonly_fields = ("id", "created")
    raw_id_fields = ("design",)


class ScenarioSourceFilter(admin.SimpleListFilter):
    """Shipped (loaded from playground/scenarios/) or authored by an instructor."""

    title = "source"
    parameter_name = "source"

    def lookups(self, request, model_admin):
        return [("shipped", "Shipped library"), ("authored", "Authored by an instructor")]

    def queryset(self, request, queryset):
        if self.value() == "shipped":
            return queryset.filter(author__isnull=True)
        if self.value() == "authored":
            return queryset.filter(author__isnull=False)
        return queryset


SHIPPED_NOTE = (
    "A shipped scenario is loaded from its file in playground/scenarios/ by `manage.py "
    "load_scenarios`, which puts the file's text back on every load: change the file. Only a "
    "superuser may edit it here, for a fix that must not wait for the next load."
)
AUTHORED_NOTE = (
    "An instructor's scenario, made from one of their designs (playground.authoring). Its "
    "goals are graded on every student's fork (playground.scenario_lock); its design, with its "
    "scheduled faults, is a snapshot (make a new one from the editor's File menu or PATCH "
    "/api/scenarios/{slug}/ with design_id). load_scenarios never touches it."
)
TEXTS = ("title", "summary", "story", "level", "hints", "questions", "goals")
FIXED = ("slug", "author", "created", "order", "tags", "document", "solution")


class ScenarioForm(forms.ModelForm):
    """What the scenario page can show: a known level, hints as a list of text, questions as
    [{"question", "answer"}], and goals the engine accepts on the scenario's design (a goal it
    refuses would stop every student's run)."""

    level = forms.ChoiceField(
        choices=[("", "(none)"), *((v, v) for v in authoring.LEVELS)], required=False
    )

    class Meta:
        model = Scenario
        fields = "__all__"

    def clean_hints(self):
        hints = self.cleaned_data.get("hints")
        if not isinstance(hints, list) or not all(isinstance(h, str) for h in hints):
            raise forms.ValidationError('A list of text, like ["First hint", "Second hint"].')
        return hints

    def clean_questions(self):
        questions = self.cleaned_data.get("questions")
        shape = isinstance(questions, list) and all(
            isinstance(q, dict)
            and set(q) == {"question", "answer"}
            and all(isinstance(v, str) and v.strip() for v in q.values())
            for q in questions
        )
        if not shape:
            raise forms.ValidationError(
                'A list of {"question": "...", "answer": "..."}, both filled in.'
            )
        return questions

    def clean(self):
        data = super().clean()
        goals, document = data.get("goals"), self.instance.document
        if isinstance(goals, list) and isinstance(document, dict):
            problems = selectors.document_problems(document={**document, "goals": goals})
            wrong = [p for p in problems if p.path.startswith("goals")]
            if wrong or not goals:
                self.add_error(
                    "goals",
                    "; ".join(str(p) for p in wrong) or "A scenario needs at least one goal.",
                )
        return data


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    """Authored scenarios: their author (or a superuser) edits the texts and goals; shipped
    ones are read-only but for superusers (their files are the truth)."""

    list_display = ("title", "slug", "author", "level", "created")
    list_filter = (ScenarioSourceFilter, ("author", admin.RelatedOnlyFieldListFilter), "level")
    search_fields = ("title", "slug", "summary", "author__username")
    list_select_related = ("author",)
    form = ScenarioForm

    def get_fieldsets(self, request, obj=None):
        note = SHIPPED_NOTE if obj is not None and obj.author_id is None else AUTHORED_NOTE
        return [(None, {"fields": TEXTS, "description": note}), ("Fixed", {"fields": FIXED})]

    def get_readonly_fields(self, request, obj=None):
        if obj is None or self._may_edit(request, obj):
            return ("slug", "author", "created", "document", "solution")
        return TEXTS + FIXED

    def has_add_permission(self, request):  # authored ones come from designs, shipped from files
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return super().has_delete_permission(request, obj) and (
            obj.author_id is not None and self._may_edit(request, obj)
        )

    @staticmethod
    def _may_edit(request, obj) -> bool:
        if request.user.is_superuser:
            return True
        return obj.author_id is not None and obj.author_id == request.user.pk
