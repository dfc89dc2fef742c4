from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path

from motcua.admin_site import site as admin_site
from motcua.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin_site.urls),
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
