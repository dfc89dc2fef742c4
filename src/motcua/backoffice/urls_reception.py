"""The reception desk (counter receipt, identity checks) and deadline alerts."""

from django.urls import path

from motcua.backoffice.views import alerts, identity, reception

urlpatterns = [
    path("tiep-nhan/moi/", reception.CounterReceiptView.as_view(), name="reception-new"),
    path("tiep-nhan/thu-tuc/", reception.ProcedureSuggestionsView.as_view(), name="reception-procedures"),
    path("tiep-nhan/nguoi-nop/", reception.ApplicantLookupView.as_view(), name="reception-applicant"),
    path("tiep-nhan/csdl-dan-cu/", reception.PopulationLookupView.as_view(), name="reception-population"),
    path("tiep-nhan/hen-tra/", reception.PromiseView.as_view(), name="reception-promise"),
    path("tiep-nhan/ho-so/<str:code>/", reception.ReceiptSummaryView.as_view(), name="reception-receipt"),
    path("tiep-nhan/xac-minh-danh-tinh/", identity.IdentityCheckView.as_view(), name="reception-identity"),
    path("canh-bao-han/", alerts.DeadlineAlertsView.as_view(), name="alerts"),
]
