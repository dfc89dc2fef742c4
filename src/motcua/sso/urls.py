"""/oidc/: MotCua as the OpenID Provider of the province's other systems. Only the endpoints
the authorization-code flow needs; DOT's own application-management pages are not mounted
(the province admin registers systems in /quan-tri/). The namespace is DOT's, whose views
find one another by it."""

from django.urls import path
from oauth2_provider import views as dot

from motcua.sso import views

app_name = "oauth2_provider"

urlpatterns = [
    path("authorize/", views.AuthorizeView.as_view(), name="authorize"),
    path("token/", dot.TokenView.as_view(), name="token"),
    path("revoke_token/", dot.RevokeTokenView.as_view(), name="revoke-token"),
    path("userinfo/", dot.UserInfoView.as_view(), name="user-info"),
    path("logout/", views.LogoutView.as_view(), name="rp-initiated-logout"),
    path(".well-known/openid-configuration", views.DiscoveryView.as_view(), name="oidc-connect-discovery-info"),
    path(".well-known/jwks.json", views.JwksView.as_view(), name="jwks-info"),
]
