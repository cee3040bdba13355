from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "polosa.people"
    label = "people"
    verbose_name = "Полоса: звёзды и инфлюенсеры"
