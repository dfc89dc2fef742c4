from django.urls import path

from motcua.eid import views

app_name = "eid"

# The last three addresses are registered with the provider (README): keep them stable.
urlpatterns = [
    path("dang-nhap/", views.sign_in, name="login"),
    path("tra-ve/", views.callback, name="callback"),
    path("da-dang-xuat/", views.signed_out, name="signed-out"),
    path("dang-xuat-kenh-sau/", views.backchannel_logout, name="backchannel-logout"),
]
