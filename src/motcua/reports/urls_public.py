from django.urls import path
from django.views.decorators.cache import cache_page

from motcua.reports import views

app_name = "transparency"

# Anyone may open the page and at province scale it costs a second of database work: the
# figures of a period are served from the shared cache for ten minutes.
PUBLIC_CACHE_SECONDS = 600

urlpatterns = [path("", cache_page(PUBLIC_CACHE_SECONDS, key_prefix="minh-bach")(views.PublicView.as_view()), name="public")]
