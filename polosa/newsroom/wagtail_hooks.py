"""The newsroom's admin hooks.

* The roles' one rule Wagtail's page permissions cannot say: an author adds articles under
  the rubrics, not rubrics. «add» on the home page lets them write under every rubric, and
  would let them add a rubric too; a rubric is added by someone who may publish it.
* «Первая полоса»: the home page asks for its stories through the ``polosa_front_page``
  hook; a save of the setting purges the home page.
* «Срочно»: its screens, its menu item, and a button in a published article's menus.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button


@hooks.register("before_create_page")
def rubrics_by_publishers_only(request, parent_page, page_class):
    from polosa.news.models import RubricPage

    if (
        issubclass(page_class, RubricPage)
        and not parent_page.permissions_for_user(request.user).can_publish_subpage()
    ):
        return permission_denied(request)
    return None


# -- «Первая полоса» ------------------------------------------------------------------------


@hooks.register("polosa_front_page")
def front_page_stories(home_page):
    """The home page's lead and featured stories (``HomePage.get_context`` asks for them
    through this hook: news does not import the newsroom)."""
    from polosa.newsroom import selectors

    return selectors.front_page_stories(home_page_id=home_page.pk)


@hooks.register("after_edit_setting")
def purge_the_front_page(request, setting):
    # Wagtail's settings screen saved it (the screen's only write); the service purges.
    from polosa.newsroom import services
    from polosa.newsroom.models import FrontPage

    if isinstance(setting, FrontPage):
        services.front_page_changed(setting, reason="front page saved in the admin")


# -- «Срочно» -------------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def urgent_urls():
    from django.urls import path

    from polosa.newsroom import admin_views

    return [
        path("newsroom/urgent/", admin_views.UrgentView.as_view(), name="newsroom_urgent"),
        path(
            "newsroom/urgent/<int:article_id>/",
            admin_views.UrgentSetView.as_view(),
            name="newsroom_urgent_set",
        ),
        path("newsroom/urgent/remove/", admin_views.urgent_remove, name="newsroom_urgent_remove"),
    ]


class UrgentMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        from polosa.newsroom import admin_views

        user = request.user
        return admin_views.may_set_urgent(user) or admin_views.may_remove_urgent(user)


@hooks.register("register_admin_menu_item")
def urgent_menu_item():
    return UrgentMenuItem(
        _("Срочно"), reverse("newsroom_urgent"), name="urgent", icon_name="warning", order=250
    )


@hooks.register("register_permissions")
def urgent_permissions():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="newsroom", codename__in=["add_urgentbanner", "delete_urgentbanner"]
    )


def _urgent_button(page, user, priority: int):
    """«Срочно» in a published article's menus, for those who may set it."""
    from polosa.news.models import ArticlePage
    from polosa.newsroom import admin_views

    article = page.live and issubclass(page.specific_class or type(page), ArticlePage)
    if article and admin_views.may_set_urgent(user):
        url = reverse("newsroom_urgent_set", args=[page.pk])
        yield Button(_("Срочно"), url, icon_name="warning", priority=priority)


@hooks.register("register_page_header_buttons")
def urgent_header_button(page, user, view_name, next_url=None):
    yield from _urgent_button(page, user, priority=55)


@hooks.register("register_page_listing_more_buttons")
def urgent_listing_button(page, user, next_url=None):
    yield from _urgent_button(page, user, priority=35)
