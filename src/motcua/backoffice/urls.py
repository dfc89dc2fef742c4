from django.urls import include, path

from motcua.backoffice.views.home import HomeView

app_name = "backoffice"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("motcua.backoffice.urls_dossiers")),
    path("", include("motcua.backoffice.urls_reception")),
]
