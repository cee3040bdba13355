from django.urls import path

import polosa.core.converters  # noqa: F401 - row_id
from polosa.live import views

app_name = "live"

urlpatterns = [
    path("_fragments/live/<row_id:blog_id>/", views.entries_since, name="entries"),
    path(
        "_fragments/live/<row_id:blog_id>/since/<row_id:version>/",
        views.entries_since,
        name="entries-since",
    ),
]
