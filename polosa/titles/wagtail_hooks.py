"""Titles in the Wagtail admin: a snippet with search, filters and the readers' aggregate."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from polosa.titles.models import Title


class TitleViewSet(SnippetViewSet):
    model = Title
    icon = "media"
    menu_label = _("Фильмы и сериалы")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["display_name", "kind", "year", "editorial_score", "votes_count"]
    list_filter = ["kind"]
    search_fields = ["name", "original_name"]


register_snippet(TitleViewSet)
