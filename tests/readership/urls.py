"""The site's URLs with readership's in front, until ``polosa/urls.py`` includes them."""

from django.urls import include, path

from polosa import urls as site

urlpatterns = [path("", include("polosa.readership.urls")), *site.urlpatterns]
handler400 = site.handler400
handler404 = site.handler404
handler500 = site.handler500
