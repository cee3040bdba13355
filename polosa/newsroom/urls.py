"""The newsroom's public URL: the «Срочно» fragment every page includes."""

from django.urls import path

from polosa.newsroom import views

app_name = "newsroom"

urlpatterns = [
    path("_fragments/urgent/", views.urgent_fragment, name="urgent-fragment"),
]
