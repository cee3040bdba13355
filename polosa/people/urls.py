from django.urls import path

from polosa.people import views

app_name = "people"

urlpatterns = [
    path("people/", views.directory, name="directory"),
    path("people/<slug:slug>/", views.person_page, name="person"),
    path("people/<slug:slug>/feed/", views.person_feed, name="feed"),
]
