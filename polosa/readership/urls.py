from django.urls import path

from polosa.readership import views

app_name = "readership"

urlpatterns = [
    path("_read/<int:article_id>/<str:signature>/", views.read, name="read"),
    path("_fragments/most-read/", views.most_read_fragment, name="most-read"),
]
