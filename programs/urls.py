from django.urls import path

from programs import care_views, offline, views
from programs.checkins import views as checkin_views

app_name = "programs"

urlpatterns = [
    path("care/", care_views.care_page, name="care"),
    path("care/checkin/<int:checkin_id>/", care_views.care_checkin, name="care_checkin"),
    path("care/sign-out/", care_views.care_sign_out, name="care_sign_out"),
    path("plan/", views.plan_page, name="plan"),
    path("plan/sw.js", offline.service_worker, name="plan_sw"),
    path("plan/print/", views.plan_print, name="plan_print"),
    path("plan/calendar/", views.plan_feed_link, name="plan_feed_link"),
    path("plan/feed/<str:token>.ics", views.plan_feed, name="plan_feed"),
    path("plan/open/<str:token>/", views.plan_open, name="plan_open"),
    path("checkin/", checkin_views.checkin_page, name="checkin"),
    path("checkin/<str:token>/", checkin_views.checkin_open, name="checkin_open"),
    path("checkins/stop/<str:token>/", care_views.checkins_stop, name="checkins_stop"),
]
