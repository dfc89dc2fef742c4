from django.urls import path

from motcua.signatures import views

app_name = "signatures"

urlpatterns = [
    path("", views.VerifyView.as_view(), name="verify"),
    path("api/", views.VerifyApiView.as_view(), name="api"),
    path("<str:token>/", views.VerifyView.as_view(), name="issued"),
]
