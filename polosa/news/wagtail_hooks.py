"""The news app's screens in the Wagtail admin: «Авторы», and the explorer of a rubric
(:mod:`polosa.news.explorer`)."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from polosa.news.explorer import ArticlePageViewSet
from polosa.news.viewsets import AuthorViewSet

register_snippet(AuthorViewSet)


@hooks.register("register_admin_viewset")
def register_article_viewset():
    return ArticlePageViewSet("article_pages")
