from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Field, ProcedureVersion
from motcua.portal.models import Rating


class FindForm(forms.Form):
    """The search box and the filters of /thu-tuc/ (GET); an unknown choice is simply ignored."""

    q = forms.CharField(label=_("Tìm thủ tục"), required=False, max_length=200)
    agency = forms.ModelChoiceField(label=_("Cơ quan thực hiện"), required=False, queryset=Agency.objects.none())
    level = forms.ChoiceField(label=_("Cấp thực hiện"), required=False)
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"), required=False, queryset=Field.objects.none(), to_field_name="code"
    )
    mode = forms.ChoiceField(label=_("Mức độ trực tuyến"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Asked per agency and per field (does one published version name it?), not by joining
        # every version to every agency performing it: tens of thousands of links.
        performs = ProcedureVersion.agencies.through.objects.filter(
            agency=OuterRef("pk"), procedureversion__status=ProcedureVersion.Status.PUBLISHED
        )
        self.fields["agency"].queryset = Agency.objects.filter(Exists(performs), is_active=True).order_by("name")
        published = ProcedureVersion.objects.filter(field=OuterRef("pk"), status=ProcedureVersion.Status.PUBLISHED)
        self.fields["field"].queryset = Field.objects.filter(Exists(published))
        self.fields["level"].choices = [("", _("Tất cả"))] + ProcedureVersion.Level.choices
        self.fields["mode"].choices = [("", _("Tất cả"))] + ProcedureVersion.OnlineMode.choices
        self.fields["agency"].empty_label = _("Tất cả")
        self.fields["field"].empty_label = _("Tất cả")


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Mã hồ sơ"), max_length=40, widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})
    )
    factor = forms.RegexField(
        label=_("4 số cuối của số định danh (CCCD) hoặc số điện thoại người nộp"),
        regex=r"^\d{4}$",
        max_length=4,
        error_messages={"invalid": _("Nhập đúng 4 chữ số.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": r"\d{4}"}),
    )


class RatingForm(forms.Form):
    level = forms.ChoiceField(label=_("Mức độ hài lòng"), choices=Rating.Level.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Góp ý (không bắt buộc)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class RatingWithFactorForm(RatingForm):
    """For someone who is not signed in as the applicant and has not just looked the dossier up."""

    factor = LookupForm.base_fields["factor"]
