from django.urls import path

from motcua.filing import views

app_name = "filing"

urlpatterns = [
    path("ban-nhap/", views.drafts, name="drafts"),
    path("ban-nhap/<int:pk>/buoc/<int:step>/", views.step, name="step"),
    path("ban-nhap/<int:pk>/lam-lai/", views.restart, name="restart"),
    path("kho-du-lieu/<int:pk>/", views.stored_file, name="stored-file"),
    path("da-nop/<str:code>/", views.submitted, name="submitted"),
    path("<str:code>/", views.start, name="start"),
]
