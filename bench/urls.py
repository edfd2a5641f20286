"""The portal's URLs plus the baseline views, so both go through the same middleware."""

from django.urls import include, path

from bench import views

urlpatterns = [
    path("bench/trivial/", views.trivial),
    path("bench/plain-form/<int:number>/", views.plain_form),
    path("bench/plain-checkin-form/", views.plain_checkin_form),
    path("", include("clinic.urls")),
]
