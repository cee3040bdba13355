from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "polosa.core"
    label = "core"
    verbose_name = "Полоса: общее"
