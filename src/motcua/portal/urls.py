from django.urls import path

from motcua.portal import views

app_name = "portal"

urlpatterns = [
    path("thu-tuc/", views.find, name="find"),
    path("thu-tuc/<str:code>/", views.procedure, name="procedure"),
    path("thu-tuc/<str:code>/mau-don/<int:pk>/", views.blank_form, name="blank-form"),
    path("tra-cuu/", views.look_up, name="look-up"),
    path("kiosk/", views.kiosk, name="kiosk"),
    path("danh-gia/<str:code>/", views.rate, name="rate"),
]
