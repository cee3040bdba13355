"""The live blog in Wagtail: a page type allowed in rubrics, the entries' screens (a
``ModelViewSet`` filtered by blog, reached from the blog's page header) whose writes go
through :mod:`polosa.live.services`, and the channel post of a key event."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, UpdatedAtColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from polosa.live import selectors, services
from polosa.live.models import LiveBlogPage, LiveEntry


@hooks.register("polosa_rubric_page_types")
def live_blogs_in_rubrics():
    return [LiveBlogPage]


def entries_url(blog_id: int) -> str:
    return reverse("live_entries:index") + f"?blog={blog_id}"


class ReturnToBlogMixin:
    """After a write, back to the entries of the blog the entry belongs to."""

    def get_success_url(self) -> str:
        return entries_url(self.object.blog_id)


class EntryCreateView(ReturnToBlogMixin, generic.CreateView):
    def get_initial(self) -> dict:
        initial = super().get_initial()
        blog = self.request.GET.get("blog", "")
        if blog.isdecimal():
            initial["blog"] = int(blog)
        return initial

    def save_instance(self):
        return services.save_entry(self.form.instance, user=self.request.user)


class EntryEditView(ReturnToBlogMixin, generic.EditView):
    def save_instance(self):
        return services.save_entry(self.form.instance, user=self.request.user)


class EntryDeleteView(generic.DeleteView):
    def get_success_url(self) -> str:
        return entries_url(self.object.blog_id)

    def delete_action(self):
        services.delete_entry(self.object, user=self.request.user)


class EntryViewSet(ModelViewSet):
    model = LiveEntry
    icon = "time"
    menu_label = _("Записи трансляций")
    menu_order = 220
    add_to_admin_menu = True
    url_prefix = "live-entries"
    name = "live_entries"
    list_filter = ["blog", "key_event"]
    search_fields = ["title"]
    list_display = [
        Column("shown_at", label=_("время"), sort_key="shown_at"),
        "__str__",
        Column("blog", label=_("трансляция")),
        BooleanColumn("key_event", label=_("ключевое событие")),
        Column("author", label=_("автор")),
        UpdatedAtColumn(),
    ]
    ordering = ["-shown_at", "-pk"]
    add_view_class = EntryCreateView
    edit_view_class = EntryEditView
    delete_view_class = EntryDeleteView
    copy_view_enabled = False
    inspect_view_enabled = False


entry_viewset = EntryViewSet()


@hooks.register("register_admin_viewset")
def register_entry_viewset():
    return entry_viewset


def entries_menu_item(page, user):
    if page.specific_class is LiveBlogPage and user.has_perm("live.change_liveentry"):
        yield PageMenuItem(
            _("Записи трансляции"), entries_url(page.pk), icon_name="time", priority=12, page=page
        )


@hooks.register("register_page_header_buttons")
def entries_header_button(page, user, view_name, next_url=None):
    """«Записи трансляции» in a live blog's page header in the admin…"""
    yield from entries_menu_item(page, user)


@hooks.register("register_page_listing_more_buttons")
def entries_listing_button(page, user, next_url=None):
    """…and in its row of the page explorer."""
    yield from entries_menu_item(page, user)


@hooks.register("polosa_telegram_subject")
def compose_key_event(subject: str, article, kind):
    """A key event's own post: the blog's headline and the entry's text with their legal
    marks, a link to the entry, the footnotes."""
    prefix = services.telegram_subject(0)[:-1]
    if not subject.startswith(prefix) or not subject[len(prefix) :].isdecimal():
        return None
    from django.utils.translation import gettext

    from polosa.distribution import articles
    from polosa.distribution.telegram import Message
    from polosa.distribution.text import TELEGRAM_TEXT_LIMIT, html_to_text, telegram_message

    entry = (
        LiveEntry.objects.select_related("author")
        .filter(pk=int(subject[len(prefix) :]), blog_id=article.pk)
        .first()
    )
    if entry is None or not entry.key_event:
        return None
    # The blog's headline is marked with the entry, as an article's post marks its own.
    labelled = selectors.label_key_event(article, entry)
    if labelled.waiting:
        return None
    url = articles.absolute(articles.page_path(article.url_path)) + f"#{entry.anchor}"
    text = telegram_message(
        html_to_text(labelled.headline_html),
        html_to_text(labelled.html),
        url,
        articles.footnote_lines(labelled.footnotes),
        limit=TELEGRAM_TEXT_LIMIT,
        link_text=gettext("Читать трансляцию"),
    )
    return Message("text", text)
