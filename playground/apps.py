from django.apps import AppConfig


class PlaygroundConfig(AppConfig):
    name = "playground"
    verbose_name = "Architecture Playground"

    def ready(self) -> None:
        from playground import signals  # noqa: F401  (connects the login receiver)
        from playground.live import class_fanout

        class_fanout.connect()  # joins and submissions reach the class view
