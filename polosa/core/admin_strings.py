"""Wagtail's admin messages that Polosa's catalogue words differently.

Wagtail builds these from a model's name («Добавить %(model_name)s», «Нет %(model_name)s для
отображения», «… удалена»), which in Russian gives the wrong case or gender for most models
(«Нет посты в Telegram для отображения»). The catalogue in ``polosa/locale`` (read before
Wagtail's) gives wordings that hold for any name; listing the msgids here keeps them in it
when ``make messages`` refreshes it. Nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

WAGTAIL_MESSAGES = [
    gettext_noop("There are no %(model_name)s to display."),
    gettext_noop("%(model_name)s '%(object)s' created."),
    gettext_noop("%(model_name)s '%(object)s' updated."),
    gettext_noop("%(model_name)s '%(object)s' deleted."),
    gettext_noop("%(model_name)s '%(object)s' created and published."),
    gettext_noop("%(model_name)s '%(object)s' updated and published."),
    gettext_noop("Administrator"),
]
WAGTAIL_COUNTED = [
    ngettext_lazy(
        "%(count)d %(model_name)s deleted.", "%(count)d %(model_name)s deleted.", "count"
    ),
]
