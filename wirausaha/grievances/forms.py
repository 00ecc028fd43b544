from django import forms
from django.utils.translation import gettext_lazy as _

from wirausaha.centres.models import TrainingCentre
from wirausaha.common.forms import ErrorSummary
from wirausaha.programs.models import Wave
from wirausaha.reference.models import Region

from .models import Category, Outcome

ACCEPT = "application/pdf,image/jpeg,image/png"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe); each is checked by the action."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class CentreChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, centre):
        return f"{centre.short_name} ({centre.region.name})"


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportForm(ErrorSummary, forms.Form):
    category = forms.ChoiceField(
        label=_("What is the complaint about?"), choices=Category.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("What happened?"),
        help_text=_("Who asked or did what, where, and how much money if a fee was asked for."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )
    occurred_on = forms.DateField(label=_("When did it happen?"), required=False, widget=_date_widget())
    centre = CentreChoiceField(
        label=_("Training centre concerned"),
        queryset=TrainingCentre.objects.none(),
        required=False,
        empty_label=_("— none or not known —"),
    )
    province = forms.ModelChoiceField(
        label=_("Province where it happened"),
        help_text=_("Choose it first to list its training centres."),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("— not known —"),
    )
    about_labour_office = forms.BooleanField(
        label=_("The complaint is about a labour office (Disnaker)."), required=False
    )
    wave = forms.ModelChoiceField(
        label=_("Programme wave"),
        queryset=Wave.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("— not known —"),
    )
    person_concerned = forms.CharField(
        label=_("Person concerned"),
        help_text=_("A name or a role, such as “the centre's cashier”."),
        required=False,
        max_length=200,
    )
    evidence = MultipleFileField(
        label=_("Evidence"),
        help_text=_("Photos or scans: a receipt, a chat, a letter. PDF, JPEG or PNG, up to 5 files of 5 MB."),
        required=False,
    )
    anonymous = forms.BooleanField(
        label=_("Report anonymously (your name and contact are not recorded)."), required=False, initial=True
    )
    contact_name = forms.CharField(label=_("Your name"), required=False, max_length=120)
    contact = forms.CharField(
        label=_("Your phone number or email"),
        help_text=_("Only the grievance officers see it, to ask you more. Never the people concerned."),
        required=False,
        max_length=200,
    )

    def __init__(self, *args, province: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # Thousands of centres: the list holds the chosen province's only (chosen first, no script).
        province = (self.data.get("province") if self.is_bound else province) or ""
        centres = TrainingCentre.objects.none()
        if province.isdigit() and len(province) == 2:
            centres = TrainingCentre.objects.filter(region__code__startswith=f"{province}.")
        self.fields["centre"].queryset = centres.select_related("region").order_by("short_name")
        self.fields["province"].initial = province or None
        self.fields["province"].queryset = Region.objects.filter(level=Region.Level.PROVINCE).order_by("name")
        self.fields["wave"].queryset = Wave.objects.exclude(status=Wave.Status.DRAFT).order_by("-code")


class FollowForm(ErrorSummary, forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        help_text=_("As you received it, for example ADU-ABCD-EFGH-JKMN-PQRS."),
        max_length=64,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class InformationForm(ErrorSummary, forms.Form):
    text = forms.CharField(
        label=_("What else should the officer know?"), widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = MultipleFileField(label=_("More evidence"), required=False)


class AppealForm(ErrorSummary, forms.Form):
    reason = forms.CharField(
        label=_("Why do you disagree with the outcome?"), widget=forms.Textarea(attrs={"rows": 4})
    )


class StepForm(ErrorSummary, forms.Form):
    """The officer's step on a case: which one is the button pressed (`step`)."""

    STEPS = ("acknowledge", "note", "escalate", "resolve")

    step = forms.ChoiceField(choices=[(s, s) for s in STEPS], widget=forms.HiddenInput)
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    public = forms.BooleanField(label=_("Show this note to the reporter"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *Outcome.choices], required=False)
