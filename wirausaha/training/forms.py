from django import forms
from django.utils.translation import gettext_lazy as _

from wirausaha.common.forms import ErrorSummary

from .models import Attendance, DropOutReason, Session
from .queries import trainers_for


class TrainerChoice(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return user.display_name


class SessionForm(ErrorSummary, forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    kind = forms.ChoiceField(label=_("Type"), choices=Session.Kind.choices, widget=forms.RadioSelect)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    jp = forms.IntegerField(
        label=_("Hours (JP)"), min_value=1, max_value=16, help_text=_("1 JP is 45 minutes.")
    )
    trainer = TrainerChoice(
        label=_("Trainer"), queryset=None, required=False, empty_label=_("Not decided yet")
    )

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = trainers_for(cohort).order_by("first_name", "username")


class GenerateForm(ErrorSummary, forms.Form):
    trainer = TrainerChoice(
        label=_("Trainer"), queryset=None, required=False, empty_label=_("Not decided yet")
    )

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = trainers_for(cohort).order_by("first_name", "username")


class DropOutForm(ErrorSummary, forms.Form):
    reason = forms.ChoiceField(label=_("Why"), choices=DropOutReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssessmentForm(ErrorSummary, forms.Form):
    """One score field per enrolment in training: `score-<enrolment id>`."""

    def __init__(self, *args, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        for enrolment in enrolments:
            self.fields[f"score-{enrolment.pk}"] = forms.IntegerField(
                label=enrolment.participant.full_name,
                min_value=0,
                max_value=100,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def scores(self) -> dict[int, int]:
        return {
            int(name.split("-", 1)[1]): value
            for name, value in self.cleaned_data.items()
            if value is not None
        }


def attendance_marks(data, enrolment_ids) -> dict[int, str]:
    """The statuses chosen on the attendance page (`status-<enrolment id>`), for the given people.
    An unknown status is passed on, for the action to name the field."""
    marks = {}
    for enrolment_id in enrolment_ids:
        status = data.get(f"status-{enrolment_id}")
        if status:
            marks[enrolment_id] = status
    return marks


STATUS_CHOICES = Attendance.Status.choices
