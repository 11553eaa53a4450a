from django.apps import AppConfig


class PlaygroundConfig(AppConfig):
    name = "playground"
    verbose_name = "Architecture Playground"

    def ready(self) -> None:
        from playground import signals  # noqa: F401  (connects the login receiver)
