from django.apps import AppConfig


class DistributionConfig(AppConfig):
    name = "polosa.distribution"
    label = "distribution"
    verbose_name = "Полоса: распространение"

    def ready(self) -> None:
        from polosa.distribution import signals  # noqa: F401
