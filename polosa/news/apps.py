from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "polosa.news"
    label = "news"
    verbose_name = "Полоса: материалы"

    def ready(self) -> None:
        from polosa.news import signals  # noqa: F401
