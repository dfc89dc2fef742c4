from django.urls import path

from motcua.printforms import views

app_name = "printforms"

urlpatterns = [
    path("so-theo-doi.pdf", views.RegisterView.as_view(as_spreadsheet=False), name="register-pdf"),
    path("so-theo-doi.xlsx", views.RegisterView.as_view(as_spreadsheet=True), name="register-xlsx"),
    path("<str:code>/to-khai.pdf", views.DeclarationView.as_view(), name="to-khai"),
    *(path(f"<str:code>/{slug}.pdf", views.DossierFormView.as_view(slug=slug), name=slug) for slug in views.DOSSIER_FORMS),
]
