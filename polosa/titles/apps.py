from django.apps import AppConfig


class TitlesConfig(AppConfig):
    name = "polosa.titles"
    label = "titles"
    verbose_name = "Полоса: фильмы и сериалы"

    def ready(self) -> None:
        from polosa.titles import signals  # noqa: F401
