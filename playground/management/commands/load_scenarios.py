"""Load the scenario library into the database. Idempotent: run it as often as you like. Only
the shipped library's rows are written: instructors' authored scenarios are never touched."""

from django.core.management.base import BaseCommand, CommandError

from playground.exceptions import InvalidInput
from playground.scenarios import ScenarioFileError, scenario_files
from playground.selectors import design_parsed
from playground.services import scenario_upsert
from simengine.design import DesignError


class Command(BaseCommand):
    help = (
        "Upsert every scenario in playground/scenarios/ (by slug). "
        "A scenario whose design is invalid stops the load."
    )

    def handle(self, *args, **options) -> None:
        try:
            scenarios = scenario_files()
        except ScenarioFileError as exc:
            raise CommandError(str(exc)) from exc
        for scenario in scenarios:
            try:
                design_parsed(document=scenario.document)
            except DesignError as exc:
                lines = "\n  ".join(str(p) for p in exc.problems)
                raise CommandError(
                    f"scenario {scenario.slug}: its design is invalid:\n  {lines}"
                ) from exc
        created = 0
        for scenario in scenarios:
            try:
                _, was_created = scenario_upsert(
                    slug=scenario.slug,
                    title=scenario.title,
                    summary=scenario.summary,
                    level=scenario.level,
                    order=scenario.order,
                    tags=scenario.tags,
                    story=scenario.story,
                    hints=scenario.hints,
                    document=scenario.document,
                    solution=scenario.solution,
                )
            except InvalidInput as exc:
                raise CommandError(f"scenario {scenario.slug}: {exc.detail}") from exc
            created += was_created
        self.stdout.write(f"scenarios: {len(scenarios)} loaded ({created} new)")
