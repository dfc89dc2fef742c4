from django import forms
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Field, ProcedureVersion
from motcua.portal.models import Rating
from motcua.selects import Options

# The agency and field menus of /thu-tuc/ change only with the catalog; read once per cache
# every few minutes, not on each search (they cost as much as the search itself).
MENUS_CACHE_KEY = "portal:find-menus"
MENUS_CACHE_SECONDS = 300


def find_menus() -> dict[str, list[tuple[str, str]]]:
    def read():
        # Asked per agency and per field (does one published version name it?), not by joining
        # every version to every agency performing it: tens of thousands of links.
        performs = ProcedureVersion.agencies.through.objects.filter(
            agency=OuterRef("pk"), procedureversion__status=ProcedureVersion.Status.PUBLISHED
        )
        published = ProcedureVersion.objects.filter(field=OuterRef("pk"), status=ProcedureVersion.Status.PUBLISHED)
        return {
            "agency": [(str(pk), name) for pk, name in Agency.objects.filter(Exists(performs), is_active=True)
                       .order_by("name").values_list("pk", "name")],
            "field": list(Field.objects.filter(Exists(published)).order_by("name").values_list("code", "name")),
        }

    return cache.get_or_set(MENUS_CACHE_KEY, read, MENUS_CACHE_SECONDS)


class FindForm(forms.Form):
    """The search box and the filters of /thu-tuc/ (GET); an unknown choice is simply ignored."""

    q = forms.CharField(label=_("Tìm thủ tục"), required=False, max_length=200)
    agency = forms.TypedChoiceField(label=_("Cơ quan thực hiện"), required=False, coerce=int, empty_value=None)
    level = forms.ChoiceField(label=_("Cấp thực hiện"), required=False)
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    mode = forms.ChoiceField(label=_("Mức độ trực tuyến"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        menus = find_menus()
        everything = [("", _("Tất cả"))]
        self.fields["agency"].choices = Options(everything, menus["agency"])
        self.fields["field"].choices = Options(everything, menus["field"])
        self.fields["level"].choices = Options(everything, ProcedureVersion.Level.choices)
        self.fields["mode"].choices = Options(everything, ProcedureVersion.OnlineMode.choices)


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Mã hồ sơ"), max_length=40, widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})
    )
    factor = forms.RegexField(
        label=_("4 số cuối của số định danh (CCCD) hoặc số điện thoại người nộp"),
        regex=r"^[0-9]{4}$",
        max_length=4,
        error_messages={"invalid": _("Nhập đúng 4 chữ số.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": r"[0-9]{4}"}),
    )


class RatingForm(forms.Form):
    level = forms.ChoiceField(label=_("Mức độ hài lòng"), choices=Rating.Level.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Góp ý (không bắt buộc)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class RatingWithFactorForm(RatingForm):
    """For someone who is not signed in as the applicant and has not just looked the dossier up."""

    factor = LookupForm.base_fields["factor"]
