from django.urls import path

from motcua.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notices, name="notices"),
    path("kenh-nhan/", views.preferences, name="preferences"),
    path("sms/trang-thai/<str:token>/", views.sms_callback, name="sms-callback"),
    path("sms/den/", views.sms_inbound, name="sms-inbound"),
    path("zalo/webhook/", views.zalo_webhook, name="zalo-webhook"),
]
