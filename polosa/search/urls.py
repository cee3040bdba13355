from django.urls import path

from polosa.search import views

app_name = "search"

urlpatterns = [
    path("_fragments/read-also/", views.read_also_fragment, name="read-also-fragment"),
    path(
        "_fragments/read-also/<int:article_id>/",
        views.read_also_fragment,
        name="read-also-own-fragment",
    ),
]
