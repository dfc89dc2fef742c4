"""The site's addresses. None serves the storage (MEDIA_ROOT or the bucket) directly, not even
with DEBUG on: every stored file is answered by a view that checks who may see it."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from motcua.accounts.signin import SignInForm
from motcua.accounts.two_factor import urls as two_factor_urls
from motcua.admin_site import site as admin_site
from motcua.eid.views import SignOutView
from motcua.views import HomeView, after_login, openapi

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    # Signing out also ends a national e-ID session (motcua.eid).
    path("dang-xuat/", SignOutView.as_view(), name="logout"),
    path("dang-nhap/tiep-tuc/", after_login, name="after-login"),
    path("api/openapi.yaml", openapi, name="openapi"),
    # Two factors for officials: before "mot-cua/", which would otherwise claim its page.
    path("", include(two_factor_urls)),
    *two_factor_urls.passkey_urls,
    path("mot-cua/bieu-mau/", include("motcua.printforms.urls")),
    path("mot-cua/ky-so/", include("motcua.signatures.urls_backoffice")),
    path("mot-cua/", include("motcua.backoffice.urls")),
    path("bao-cao/", include("motcua.reports.urls")),
    path("minh-bach/", include("motcua.reports.urls_public")),
    path("buu-dien/", include("motcua.backoffice.urls_postal")),
    path("", include("motcua.portal.urls")),
    path("tai-khoan/", include("motcua.citizens.urls")),
    path("nop-ho-so/", include("motcua.filing.urls")),
    path("thanh-toan/", include("motcua.payments.urls")),
    path("thong-bao/", include("motcua.notifications.urls")),
    path("xac-thuc/", include("motcua.signatures.urls")),
    path("dinh-danh/", include("motcua.eid.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin_site.urls),
    # Single sign-on: MotCua as the OpenID Provider of the province's other systems.
    path("oidc/", include("motcua.sso.urls")),
]
