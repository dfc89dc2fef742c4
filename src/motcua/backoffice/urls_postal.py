"""The postal agents' pages, under /buu-dien/."""

from django.urls import path

from motcua.backoffice.views import postal

app_name = "postal"

urlpatterns = [
    path("", postal.EntrustedListView.as_view(), name="list"),
    path("ho-so/<str:code>/", postal.EntrustedDossierView.as_view(), name="dossier"),
]
