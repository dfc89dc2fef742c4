from django.urls import path

from motcua.backoffice import views

app_name = "backoffice"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
]
