from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "polosa.people"
    label = "people"
    verbose_name = "Полоса: звёзды и инфлюенсеры"

    def ready(self) -> None:
        from polosa.people import signals  # noqa: F401
