from django.urls import include, path

from motcua.accounts.two_factor import passkeys, views

app_name = "two_factor"

urlpatterns = [
    path("dang-nhap/xac-thuc/", views.verify, name="verify"),
    path("mot-cua/bao-mat/", views.manage, name="manage"),
]

# Mounted by the site's urls beside the ones above: the passkey ceremonies' own namespace.
passkey_urls = [path("dang-nhap/xac-thuc/khoa/", include((passkeys.urlpatterns, "otp_webauthn")))]
