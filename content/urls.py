from django.contrib.sitemaps.views import sitemap
from django.urls import path

from content import views
from content.sitemaps import SITEMAPS

app_name = "content"

urlpatterns = [
    path("guide/", views.index, name="index"),
    path("guide/<slug:slug>/", views.page, name="page"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
