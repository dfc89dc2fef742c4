"""Work lists, the dossier page and its actions."""

from django.urls import path

from motcua.backoffice.views import actions, dossier, worklists

urlpatterns = [
    path("viec/chuyen-xu-ly/chuyen-nhieu/", actions.BulkHandOverView.as_view(), name="bulk_hand_over"),
    path("viec/<slug:slug>/", worklists.WorklistView.as_view(), name="worklist"),
    path("tim/", worklists.FindView.as_view(), name="find"),
    path("ho-so/<str:code>/", dossier.DossierView.as_view(), name="dossier"),
    path("ho-so/<str:code>/thao-tac/<slug:action>/", actions.TransitionView.as_view(), name="dossier_action"),
    path("ho-so/<str:code>/ghi-chu/", actions.NoteView.as_view(), name="dossier_note"),
    path("ho-so/<str:code>/ket-qua/", actions.ResultUploadView.as_view(), name="dossier_result"),
    path("ho-so/<str:code>/giay-to/<int:pk>/", dossier.DocumentFileView.as_view(), name="dossier_document"),
]
