from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "polosa.legal"
    label = "legal"
    verbose_name = "Полоса: юридическая маркировка"
