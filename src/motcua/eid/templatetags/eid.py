from django import template
from django.conf import settings

from motcua.eid import client

register = template.Library()


@register.inclusion_tag("eid/_sign_in_button.html")
def eid_sign_in(next_url: str = ""):
    """The "Đăng nhập bằng VNeID" button, when the e-ID is configured."""
    return {"eid_enabled": client.enabled(), "eid_standin": settings.EID_STANDIN, "next": next_url}
