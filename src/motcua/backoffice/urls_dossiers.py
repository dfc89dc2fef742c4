"""Work lists, the dossier page and its actions."""

urlpatterns: list = []
