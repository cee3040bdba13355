"""«Авторы» in the admin: a snippet screen with Wagtail's listing, search and chooser.

Editors add and edit authors here (the newsroom's roles: «Редактор» and up); the article
form picks them with this viewset's chooser (``MultipleChooserPanel`` on the byline),
which searches through the project's search backend like the listing does. Saving an
author goes through the model's ``post_save``, which calls
:func:`polosa.news.services.author_changed` (it purges the author's page and the
articles that carry them).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from polosa.core.forms import NewObjectTitlePanel, NewsroomSlugInput
from polosa.news.forms import AuthorForm
from polosa.news.models import Author


class AuthorIndexView(IndexView):
    # Wagtail's «Добавить %(model_name)s» would say «Добавить автор».
    add_item_label = _("Добавить автора")


class AuthorViewSet(SnippetViewSet):
    model = Author
    index_view_class = AuthorIndexView
    icon = "user"
    menu_label = _("Авторы")
    menu_name = "authors"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "position", "slug"]
    # No ``search_fields``: the listing and the chooser search the model's own index
    # fields through the project's search backend (naming fields here makes Wagtail's
    # database backend look for a column of that name in its SQLite index).
    ordering = ["name"]
    edit_handler = ObjectList(
        [
            NewObjectTitlePanel("name", placeholder=_("Имя и фамилия*")),
            FieldPanel("position"),
            FieldPanel("photo"),
            FieldPanel("bio"),
            FieldPanel("slug", widget=NewsroomSlugInput()),
        ],
        base_form_class=AuthorForm,
    )
