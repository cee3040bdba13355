"""The directory in the Wagtail admin: people, and the links editors add or remove."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from polosa.people.models import Mention, Person


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("Люди")
    list_display = ["name", "category", "updated_at"]
    list_filter = ["category"]
    search_fields = ["name"]
    ordering = ["sort_key"]


class MentionViewSet(SnippetViewSet):
    """Editors add a link (``добавлено вручную``) or hide a found one (``убрано вручную``);
    the automatic pass never overrides either."""

    model = Mention
    icon = "link"
    menu_label = _("Упоминания")
    list_display = ["person", "article", "source", "updated_at"]
    list_filter = ["source"]
    ordering = ["-updated_at"]


class PeopleGroup(SnippetViewSetGroup):
    items = (PersonViewSet, MentionViewSet)
    menu_icon = "group"
    menu_label = _("Звёзды и инфлюенсеры")
    menu_name = "people"
    menu_order = 260


register_snippet(PeopleGroup)


@hooks.register("polosa_articles_generated")
def link_generated_articles(articles) -> None:
    """Bulk-generated articles (``polosa generate``) name people of the demo cast: link
    those the directory has, as the automatic pass would, without rescanning the text."""
    from polosa.people.services import link_generated_mentions

    link_generated_mentions(
        (article.pk, [member.name for member in article.people]) for article in articles
    )
