from django.urls import path

import polosa.core.converters  # noqa: F401 - row_id
from polosa.search import views

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("_fragments/article-aside/", views.article_aside_fragment, name="article-aside"),
    path(
        "_fragments/article-aside/<row_id:article_id>/",
        views.article_aside_fragment,
        name="article-aside-own",
    ),
]
