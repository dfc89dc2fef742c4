"""{% select field %}: the same <select> Django's widget would write, faster."""

from django import forms
from django.template import Context, Template

from motcua.selects import Options


class Menu(forms.Form):
    agency = forms.TypedChoiceField(required=False, coerce=int, choices=[("", "Tất cả"), (7, "Sở <Tư pháp> & Nội vụ"), (12, "UBND")])


def rendered(data=None) -> str:
    return Template("{% load selects %}{% select form.agency %}").render(Context({"form": Menu(data)}))


def test_options_are_escaped_and_the_current_value_is_selected():
    html = rendered({"agency": "12"})
    assert html.startswith('<select name="agency" id="id_agency"><option value="">Tất cả</option>')
    assert '<option value="7">Sở &lt;Tư pháp&gt; &amp; Nội vụ</option>' in html
    assert '<option value="12" selected>UBND</option>' in html and html.count("selected") == 1


def test_unbound_the_empty_choice_is_selected_and_an_unknown_value_selects_nothing():
    assert '<option value="" selected>Tất cả</option>' in rendered() and rendered().count("selected") == 1
    html = rendered({"agency": '"><script>'})
    assert "selected" not in html and "<script>" not in html


class Filter(forms.Form):
    agency = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)

    def __init__(self, data=None):
        super().__init__(data)
        self.fields["agency"].choices = Options([("", "Tất cả")], [(7, "Sở Tư pháp"), (12, "UBND")])


def test_options_are_taken_as_they_are_and_still_validate():
    form = Filter({"agency": "12"})
    assert isinstance(form.fields["agency"].choices, Options)  # not normalised option by option again
    assert form.is_valid() and form.cleaned_data["agency"] == 12
    assert not Filter({"agency": "13"}).is_valid()
    assert Template("{% load selects %}{% select form.agency %}").render(Context({"form": Filter()})).count("<option") == 3
