from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from motcua.citizens import views
from motcua.citizens.forms import PasswordResetByMessageForm

app_name = "citizens"

urlpatterns = [
    path("dang-ky/", views.SignUpView.as_view(), name="sign-up"),
    path("xac-minh/gui-lai/", views.ResendVerificationView.as_view(), name="resend-verification"),
    path("xac-minh/dien-thoai/", views.VerifyPhoneView.as_view(), name="verify-phone"),
    path("xac-minh/<str:token>/", views.VerifyEmailView.as_view(), name="verify"),
    path("ho-so-ca-nhan/", views.ProfileView.as_view(), name="profile"),
    path("ho-so-ca-nhan/thu-dien-tu/", views.EmailChangeView.as_view(), name="change-email"),
    path("thu-dien-tu-moi/<str:token>/", views.ConfirmEmailView.as_view(), name="confirm-email"),
    path("lich-su-khai-thac-du-lieu/", views.DataAccessHistoryView.as_view(), name="data-access"),
    path("ho-so/", views.MyDossiersView.as_view(), name="dossiers"),
    path("ho-so/<str:code>/", views.DossierView.as_view(), name="dossier"),
    path("ho-so/<str:code>/bo-sung/", views.SupplementView.as_view(), name="supplement"),
    path("ho-so/<str:code>/rut/", views.WithdrawView.as_view(), name="withdraw"),
    path("ho-so/<str:code>/giay-to/<int:document_id>/", views.DocumentDownloadView.as_view(), name="document"),
    path("ho-so/<str:code>/mau-<str:number>/", views.FormDownloadView.as_view(), name="form"),
    path("ho-so/<str:code>/to-khai/", views.DeclarationDownloadView.as_view(), name="declaration"),
    path(
        "quen-mat-khau/",
        views.PasswordResetView.as_view(
            template_name="citizens/password_reset_form.html",
            form_class=PasswordResetByMessageForm,
            success_url=reverse_lazy("citizens:password-reset-done"),
        ),
        name="password-reset",
    ),
    path(
        "quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(template_name="citizens/password_reset_done.html"),
        name="password-reset-done",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="citizens/password_reset_confirm.html",
            success_url=reverse_lazy("citizens:password-reset-complete"),
        ),
        name="password-reset-confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(template_name="citizens/password_reset_complete.html"),
        name="password-reset-complete",
    ),
]
