"""The page explorer of a rubric, for an archive of a million articles.

Wagtail routes the explorer of a page to the page viewset registered for its children
(``PageViewSet.parent_models``): :class:`ArticlePageViewSet` is that viewset for rubrics,
whose children are all articles (``RubricPage.subpage_types`` and the live blogs of the
``polosa_rubric_page_types`` hook, an ``ArticlePage`` subclass). Its listing is Wagtail's
own :class:`~wagtail.admin.views.pages.listing.ExplorableIndexView` with three costs taken
out, each of which grew with the archive (``bench/scale.py``, PostgreSQL, 100 000
articles, a rubric of 25 000 children, an editor of «Редактор»):

* **the permission filter**: Wagtail keeps only the pages a non-superuser may explore
  with ``id IN (<every page under each of the user's permissions>)`` — one ``OR`` per
  permission, which the database answers by collecting every id of the site (a hash of
  the whole archive for the page count: 90 ms at 100 000). When one of the user's
  permissions that make a page explorable sits on the rubric or above it, every child
  and descendant is explorable and the filter is left out (the same pages, by Wagtail's
  own rule in ``PagePermissionPolicy.explorable_instances``); otherwise it stays;
* **the count**: the rubric's own ``numchild`` (treebeard keeps it with every child
  added, moved or deleted) instead of counting a quarter of a million rows, when the
  listing is the rubric's children (not a search or a filter);
* **the filters' choices**: «Владелец» and «Кто редактировал» list the users who may use
  the admin instead of ``SELECT DISTINCT owner_id`` over every page (28 ms at 100 000)
  and over the whole edit log. Someone who owns pages and has since lost the admin is no
  longer offered (their pages are still found by every other filter and the search).

The listing is ordered newest first (``RubricPage.admin_default_ordering``) on the
index of migration news 0005, and so is a **search within the rubric**: Wagtail would
order it by relevance, a ``ts_rank`` of every match, and its database backend joins its
index to the pages on ``object_id = page_ptr_id::varchar`` — which no index answered, so
PostgreSQL read the whole index and the whole article table for each of the page's two
queries (the page and its count: 10.7 s at a million articles). Migration
polosa_search 0005 indexes that expression, so the matches found by the index's GIN are
joined to their pages one by one; ``?ordering=`` still sorts a search as asked.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.forms import CheckboxSelectMultiple
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.filters import MultipleUserFilter
from wagtail.admin.views.pages.listing import EditedByFilter, ExplorableIndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageViewSet

from polosa.news.models import ArticlePage, RubricPage

#: Wagtail's actions that make a page explorable (``explorable_instances``).
EXPLORE_ACTIONS = ("add", "change", "publish", "lock", "unlock", "bulk_delete")


def admin_users(request=None):
    """Everyone who may sign in to the admin: superusers and holders of
    ``wagtailadmin.access_admin`` (through a group or their own)."""
    access = Q(codename="access_admin", content_type__app_label="wagtailadmin")
    permitted = Q(is_superuser=True)
    permitted |= Q(groups__permissions__in=_permissions(access))
    permitted |= Q(user_permissions__in=_permissions(access))
    return get_user_model().objects.filter(permitted).distinct()


def _permissions(condition: Q):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(condition)


class ArticleFilterSet(PageFilterSet):
    owner = MultipleUserFilter(
        label=PageFilterSet.base_filters["owner"].label,
        queryset=admin_users,
        widget=CheckboxSelectMultiple,
    )
    edited_by = EditedByFilter(
        label=PageFilterSet.base_filters["edited_by"].label,
        queryset=admin_users,
        widget=CheckboxSelectMultiple,
    )

    class Meta(PageFilterSet.Meta):
        model = ArticlePage


class RubricExplorerView(ExplorableIndexView):
    @cached_property
    def subtree_explorable(self) -> bool:
        """Whether every descendant of the explored page is explorable by the user: a
        superuser, or one of their explore-giving permissions on the page or above it."""
        user = self.request.user
        if not user.is_active:
            return False
        if user.is_superuser:
            return True
        codenames = {f"{action}_page" for action in EXPLORE_ACTIONS}
        path = self.parent_page.path
        return any(
            permission.permission.codename in codenames and path.startswith(permission.page.path)
            for permission in self.permission_policy.get_cached_permissions_for_user(user)
        )

    def get_base_queryset(self):
        if self.is_searching_whole_tree or not self.subtree_explorable:
            return super().get_base_queryset()
        manager = self.model._default_manager
        if self.is_searching or self.is_filtering:
            pages = manager.descendant_of(self.parent_page)
        else:
            pages = manager.child_of(self.parent_page)
        return self.annotate_queryset(pages)

    @cached_property
    def is_searching_rubric(self) -> bool:
        """A search of the rubric's pages (not of the whole tree) in its default order."""
        return (
            self.is_searching
            and not self.is_searching_whole_tree
            and not self.is_explicitly_ordered
        )

    def get_ordering(self):
        if self.is_searching_rubric:
            return self.parent_page.get_admin_default_ordering()
        return super().get_ordering()

    def search_queryset(self, queryset):
        if not self.is_searching_rubric:
            return super().search_queryset(queryset)
        for hook in hooks.get_hooks("construct_explorer_page_queryset"):
            queryset = hook(self.parent_page, queryset, self.request)
        # The rubric's order, newest first, not a rank of every match (Wagtail leaves a
        # search unordered, and the tree's own order is the path's).
        ordering = self.ordering if isinstance(self.ordering, (list, tuple)) else [self.ordering]
        queryset = queryset.order_by(*ordering)
        return queryset.autocomplete(self.search_query, order_by_relevance=False)

    def get_paginator(self, queryset, per_page, *args, **kwargs):
        paginator = super().get_paginator(queryset, per_page, *args, **kwargs)
        if not (self.is_searching or self.is_filtering):
            paginator.count = self.parent_page.numchild
        return paginator


class ArticlePageViewSet(PageViewSet):
    """Articles' admin views: Wagtail's, with :class:`RubricExplorerView` as the explorer
    of a rubric."""

    model = ArticlePage
    index_view_class = RubricExplorerView
    filterset_class = ArticleFilterSet
    parent_models = [RubricPage]
    # The «Родитель» column is never shown when exploring a page, but its presence makes
    # the listing fetch every row's parent.
    columns = [c for c in ExplorableIndexView.base_columns if c.name != "parent"]
