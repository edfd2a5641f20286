from django.urls import path

from intake import care_links, language, views
from intake.booking import feed
from intake.booking import views as booking

app_name = "intake"

urlpatterns = [
    path("", views.home, name="home"),
    path("language/", language.set_language, name="set_language"),
    path("intake/start/", views.start, name="start"),
    path("intake/step/<int:number>/", views.step, name="step"),
    path("intake/review/", views.review, name="review"),
    path("intake/result/", views.result, name="result"),
    path("intake/resume/<str:token>/", views.resume, name="resume"),
    path("intake/invite/<str:token>/", booking.intake_invite, name="invite"),
    path("book/", booking.book_start, name="book_start"),
    path("book/times/", booking.book_times, name="book_times"),
    path("book/confirm/", booking.book_confirm, name="book_confirm"),
    path("book/done/", booking.book_done, name="book_done"),
    path("visit/", booking.visit_manage, name="visit_manage"),
    path("visit/calendar.ics", booking.visit_calendar_file, name="visit_calendar"),
    path("visit/<str:token>/", booking.visit_manage_open, name="visit_manage_open"),
    path("care/open/<str:token>/", care_links.care_open, name="care_open"),
    path("care/lost-link/", care_links.lost_link, name="lost_link"),
    path("feed/visits/<str:token>.ics", feed.therapist_feed, name="therapist_feed"),
    path("care/intake/", booking.intake_finish, name="intake_finish"),
]
