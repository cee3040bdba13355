from django.urls import path

from polosa.core import pages, views

app_name = "core"

urlpatterns = [
    path("healthz", views.health, name="health"),
    path("readyz", views.ready, name="ready"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("manifest.webmanifest", views.web_manifest, name="web-manifest"),
    # «Редакция», in the newsroom's transliteration.
    path("redaktsiya/", pages.imprint, name="imprint"),
]
