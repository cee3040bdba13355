from django.urls import path, register_converter

from polosa.live import views


class RowId:
    """A database id: at most 18 digits, so a longer number is a 404, not an integer the
    database cannot hold (an ``OverflowError``, a 500)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(RowId, "row_id")

app_name = "live"

urlpatterns = [
    path("_fragments/live/<row_id:blog_id>/", views.entries_since, name="entries"),
    path(
        "_fragments/live/<row_id:blog_id>/since/<row_id:version>/",
        views.entries_since,
        name="entries-since",
    ),
]
