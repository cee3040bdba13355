from django.urls import path

from polosa.news import views

app_name = "news"

urlpatterns = [
    path("authors/<slug:slug>/", views.author_page, name="author"),
    path("tags/<str:slug>/", views.tag_page, name="tag"),
]
