"""The province admin registers the systems that sign in through MotCua (/quan-tri/). Only
the province superuser writes (SiteModelAdmin); agency admins may read the list. Keys are
shown, never edited: `rotate_oidc_keys` makes them. django-oauth-toolkit registers its
models itself, with the classes its settings name (OAUTH2_PROVIDER's *_ADMIN_CLASS): these."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.admin_site import ReadOnlyModelAdmin, SiteModelAdmin, site
from motcua.sso.models import SigningKey


class ClientAdmin(SiteModelAdmin):
    list_display = ["name", "client_id", "client_type", "skip_authorization", "for_applicants", "created"]
    list_filter = ["skip_authorization", "for_applicants", "client_type"]
    search_fields = ["name", "client_id"]
    fields = [
        "name", "client_id", "client_type", "client_secret", "hash_client_secret",
        "redirect_uris", "post_logout_redirect_uris", "skip_authorization", "for_applicants",
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        labels = {
            "name": _("tên hệ thống"),
            "client_id": _("mã hệ thống (client_id)"),
            "client_type": _("loại hệ thống"),
            "client_secret": _("khóa bí mật (client_secret)"),
            "hash_client_secret": _("lưu khóa bí mật dạng băm"),
            "redirect_uris": _("địa chỉ quay về sau đăng nhập"),
            "post_logout_redirect_uris": _("địa chỉ quay về sau đăng xuất"),
        }
        helps = {
            "client_type": _("Bí mật (confidential): hệ thống chạy trên máy chủ, giữ được khóa bí mật. Công khai (public): ứng dụng di động, trình duyệt."),
            "client_secret": _("Chép khóa này cho hệ thống đó trước khi lưu: khi lưu dạng băm sẽ không xem lại được."),
            "redirect_uris": _("Mỗi dòng (hoặc cách nhau bởi dấu cách) một địa chỉ https chính xác."),
            "post_logout_redirect_uris": _("Mỗi dòng (hoặc cách nhau bởi dấu cách) một địa chỉ."),
        }
        for name, label in labels.items():
            if name in form.base_fields:
                form.base_fields[name].label = label
        for name, text in helps.items():
            if name in form.base_fields:
                form.base_fields[name].help_text = text
        return form


@admin.register(SigningKey, site=site)
class SigningKeyAdmin(ReadOnlyModelAdmin):
    list_display = ["kid", "created_at", "retired_at"]
    fields = ["kid", "created_at", "retired_at"]


class IssuedAdmin(ReadOnlyModelAdmin):
    """Codes and tokens issued to the systems: who, to which system, when; never the secret."""

    list_display = ["user", "application", "created"]
    fields = ["user", "application", "created"]
