"""Signing from the dossier page (under /mot-cua/ky-so/)."""

from django.urls import path

from motcua.signatures import views

app_name = "signing"

urlpatterns = [
    path("<str:code>/ket-qua/<int:pk>/", views.SignResultView.as_view(), name="sign_result"),
    path("<str:code>/mau-01/", views.SignReceiptView.as_view(), name="sign_receipt"),
    path("<str:code>/tep/<str:token>/", views.SignedFileView.as_view(), name="signed_file"),
]
