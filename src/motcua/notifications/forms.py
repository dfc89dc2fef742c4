from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.notifications import channels
from motcua.notifications.models import Channel, MessageTemplate
from motcua.notifications.topics import TOPICS

NONE = ""


class PreferenceForm(forms.Form):
    """Up to three outward channels in order; the first that reaches the person is used."""

    first = forms.ChoiceField(label=_("Kênh ưu tiên thứ nhất"), required=False)
    second = forms.ChoiceField(label=_("Kênh dự phòng thứ hai"), required=False)
    third = forms.ChoiceField(label=_("Kênh dự phòng thứ ba"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Channel.choices)
        choices = [(NONE, _("— không dùng —"))] + [(name, labels[name]) for name in channels.enabled()]
        for field in self.fields.values():
            field.choices = choices

    def clean(self):
        chosen = [self.cleaned_data.get(name) for name in ("first", "second", "third")]
        chosen = [name for name in chosen if name]
        if len(set(chosen)) != len(chosen):
            raise ValidationError(_("Mỗi kênh chỉ chọn một lần."))
        self.cleaned_data["channels"] = chosen
        return self.cleaned_data


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["topic", "channel", "subject", "body", "zns_template_id", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        topic = TOPICS.get(self.instance.topic) if self.instance.pk else None
        # An agency admin reads templates: the admin gives them this form with every field read-only.
        if topic is not None and "body" in self.fields:
            self.fields["body"].help_text = _("Trường dữ liệu dùng được: %(names)s") % {
                "names": ", ".join(f"{{{name}}} ({label})" for name, label in topic.placeholders.items())
            }
