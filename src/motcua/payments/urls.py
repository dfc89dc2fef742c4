from django.urls import path

from motcua.payments import views

app_name = "payments"

urlpatterns = [
    path("ket-qua/<str:gateway>/", views.gateway_return, name="return"),
    path("ipn/<str:gateway>/", views.notification, name="notify"),
    path("bien-lai/<str:reference>/", views.receipt_page, name="receipt"),
    path("bien-lai/<str:reference>/pdf/", views.receipt_pdf, name="receipt_pdf"),
    path("sandbox/<str:reference>/", views.sandbox_bank, name="sandbox"),
    path("<str:code>/", views.pay, name="pay"),
]
