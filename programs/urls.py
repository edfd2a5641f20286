from django.urls import path

from programs import views

app_name = "programs"

urlpatterns = [
    path("plan/", views.plan_page, name="plan"),
    path("plan/print/", views.plan_print, name="plan_print"),
    path("plan/calendar/", views.plan_feed_link, name="plan_feed_link"),
    path("plan/feed/<str:token>.ics", views.plan_feed, name="plan_feed"),
    path("plan/open/<str:token>/", views.plan_open, name="plan_open"),
]
