from django.urls import path

from polosa.titles import views

app_name = "titles"

urlpatterns = [
    path("ratings/", views.ratings_page, name="ratings"),
    path("_fragments/ratings/", views.ratings_fragment, name="ratings-fragment"),
    path("titles/<slug:slug>/", views.title_page, name="title"),
    path("titles/<slug:slug>/vote/", views.vote, name="vote"),
]
