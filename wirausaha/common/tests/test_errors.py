from django import forms

from wirausaha.common.errors import DomainError, InvalidInput
from wirausaha.common.forms import ErrorSummary, add_domain_error


class SeatsForm(forms.Form):
    seats = forms.IntegerField()


def test_a_refusal_reads_as_its_messages():
    assert DomainError("The wave is closed.").text == "The wave is closed."
    invalid = InvalidInput({"seats": "At least 1.", "ends_on": "After the start."})
    assert invalid.messages == ["At least 1.", "After the start."]
    assert invalid.text == "At least 1. After the start."


def test_field_problems_land_on_their_field_and_the_rest_on_the_form():
    form = SeatsForm({"seats": "3"})
    assert form.is_valid()

    add_domain_error(form, InvalidInput({"seats": "At least 16.", "trainers": "Not of this centre."}))
    add_domain_error(form, DomainError("The cohort has started."))

    assert form.errors["seats"] == ["At least 16."]
    assert form.non_field_errors() == ["Not of this centre.", "The cohort has started."]


class ConsentForm(ErrorSummary, forms.Form):
    name = forms.CharField(label="Name")
    consent = forms.BooleanField(label="I agree to the statement above.")
    sex = forms.ChoiceField(label="Sex", choices=[("F", "F"), ("M", "M")], widget=forms.RadioSelect)


def test_the_error_summary_links_each_field_in_page_order_and_drops_a_label_s_stop():
    form = ConsentForm(data={"name": "Siti"})

    assert not form.is_valid()
    required = form.fields["name"].error_messages["required"]
    assert form.error_summary() == [
        {"id": "id_consent", "label": "I agree to the statement above", "message": str(required)},
        {"id": "id_sex_0", "label": "Sex", "message": str(required)},
    ]
