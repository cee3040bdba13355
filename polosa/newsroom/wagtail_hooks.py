"""The roles' one rule Wagtail's page permissions cannot say: an author adds articles under
the rubrics, not rubrics. «add» on the home page lets them write under every rubric, and
would let them add a rubric too; a rubric is added by someone who may publish it."""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.auth import permission_denied


@hooks.register("before_create_page")
def rubrics_by_publishers_only(request, parent_page, page_class):
    from polosa.news.models import RubricPage

    if (
        issubclass(page_class, RubricPage)
        and not parent_page.permissions_for_user(request.user).can_publish_subpage()
    ):
        return permission_denied(request)
    return None
