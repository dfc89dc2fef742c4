"""What every page's header needs: the name of the province whose services these are."""

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext

from motcua.agencies.models import Agency


def _province_name() -> str:
    province = Agency.objects.filter(level=Agency.Level.PROVINCE, is_active=True).order_by("code").only("name").first()
    return province.name if province else gettext("Dịch vụ công trực tuyến")


def site(request) -> dict:
    """`province_name`: the province's name (its People's Committee as the catalogue records it),
    read only on pages that show it."""
    return {"province_name": SimpleLazyObject(_province_name)}
