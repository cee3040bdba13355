from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "polosa.core"
    label = "core"
    verbose_name = "Полоса: общее"

    def ready(self) -> None:
        from polosa.core import signals  # noqa: F401 - connects the receivers
