from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("", views.home, name="home"),
    path("intake/start/", views.start, name="start"),
    path("intake/step/<int:number>/", views.step, name="step"),
    path("intake/review/", views.review, name="review"),
    path("intake/result/", views.result, name="result"),
    path("intake/resume/<str:token>/", views.resume, name="resume"),
]
