from django.urls import path

from polosa.live import views

app_name = "live"

urlpatterns = [
    path("_fragments/live/<int:blog_id>/", views.entries_after, name="entries"),
    path(
        "_fragments/live/<int:blog_id>/after/<int:after>/",
        views.entries_after,
        name="entries-after",
    ),
]
