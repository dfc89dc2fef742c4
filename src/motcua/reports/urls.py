from django.urls import path

from motcua.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportView.as_view(), name="report"),
    path("ho-so/", views.DrillDownView.as_view(), name="dossiers"),
    path("xuat.xlsx", views.ExportView.as_view(), {"kind": "xlsx"}, name="export-xlsx"),
    path("xuat.pdf", views.ExportView.as_view(), {"kind": "pdf"}, name="export-pdf"),
    path("chi-so-chat-luong/", views.QualityView.as_view(), name="quality"),
    path("bieu-do/", views.DashboardView.as_view(), name="dashboard"),
]
