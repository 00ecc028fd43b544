from django import forms
from django.utils.translation import gettext_lazy as _

from wirausaha.common.forms import ErrorSummary

from .actions import MAX_SEATS, MIN_SEATS
from .models import Cohort, TrainingCentre
from .queries import courses_listed, trainers_at


class TrainerChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.display_name


def _date_field(label):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Enter a date."), "invalid": _("Enter a valid date.")},
    )


class CohortForm(ErrorSummary, forms.Form):
    """A cohort's dates, seats and trainers; with `creating`, its course too."""

    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=courses_listed(),
        empty_label=_("Choose a course"),
        error_messages={"required": _("Choose a course.")},
    )
    starts_on = _date_field(_("Starts on"))
    ends_on = _date_field(_("Ends on"))
    seats = forms.IntegerField(
        label=_("Seats"),
        min_value=MIN_SEATS,
        max_value=MAX_SEATS,
        help_text=_("Between %(min)d and %(max)d participants.") % {"min": MIN_SEATS, "max": MAX_SEATS},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]*", "autocomplete": "off"}),
        error_messages={"required": _("Enter the number of seats.")},
    )
    trainers = TrainerChoice(
        label=_("Trainers"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Trainers with an account at this centre."),
    )
    optional_fields = frozenset({"trainers"})

    def __init__(self, *args, centre: TrainingCentre, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainers"].queryset = trainers_at(centre)
        if not creating:
            del self.fields["course"]

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return cleaned

    @classmethod
    def initial_for(cls, cohort: Cohort) -> dict:
        return {
            "starts_on": cohort.starts_on,
            "ends_on": cohort.ends_on,
            "seats": cohort.seats,
            "trainers": list(cohort.trainers.all()),
        }


class CancelForm(ErrorSummary, forms.Form):
    reason = forms.CharField(
        label=_("Why is the cohort cancelled?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        help_text=_("Kept in the audit trail. For example: too few participants, or the venue is closed."),
        error_messages={"required": _("Say why the cohort is cancelled.")},
    )


class SignatoryForm(ErrorSummary, forms.Form):
    """The centre's head, who signs its certificates."""

    head_name = forms.CharField(
        label=_("Name of the centre's head"),
        max_length=150,
        help_text=_("With titles as they are printed, for example: Dr. Siti Aminah, S.E."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Enter the name of the centre's head, as it is printed on certificates.")
        },
    )
    head_title = forms.CharField(
        label=_("Job title"),
        max_length=160,
        help_text=_("For example: Kepala UPTD BLK Bekasi"),
        error_messages={"required": _("Enter the head's title, for example: Kepala UPTD BLK Bekasi.")},
    )
