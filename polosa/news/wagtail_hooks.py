"""The news app's screens in the Wagtail admin: «Авторы»."""

from wagtail.snippets.models import register_snippet

from polosa.news.viewsets import AuthorViewSet

register_snippet(AuthorViewSet)
