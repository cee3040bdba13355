from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "polosa.search"
    label = "polosa_search"
    verbose_name = "Полоса: поиск и рекомендации"
