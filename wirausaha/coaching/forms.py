from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wirausaha.accounts.models import Role, User
from wirausaha.common.forms import ErrorSummary

from .actions.assignment import DEFAULT_MAX_KM, DEFAULT_REMOTE_KM, DEFAULT_SECTOR_MISMATCH_KM
from .models import ActionItem, Assignment, CoachingSession, Counselor, Milestone, Topic
from .sections import MONEY, MONTHS, NUMBER, RATE, SECTIONS, Section


class CounselorForm(forms.Form):
    user = forms.ModelChoiceField(label=gettext_lazy("Counselor account"), queryset=User.objects.none())
    organisation_kind = forms.ChoiceField(
        label=gettext_lazy("Organisation type"), choices=Counselor.OrganisationKind.choices
    )
    organisation_name = forms.CharField(label=gettext_lazy("Organisation"), max_length=200, required=False)
    base_district = forms.CharField(
        label=gettext_lazy("Base district (code)"),
        max_length=13,
        help_text=gettext_lazy("The kecamatan code, such as 32.16.01: its centre counts as the base."),
    )
    sectors = forms.CharField(
        label=gettext_lazy("Sectors (KBLI codes)"),
        required=False,
        help_text=gettext_lazy("Separated by commas, such as 10, 47, 56101."),
    )
    in_person = forms.BooleanField(label=gettext_lazy("Coaches in person"), required=False, initial=True)
    remote = forms.BooleanField(label=gettext_lazy("Coaches remotely"), required=False)
    languages = forms.CharField(
        label=gettext_lazy("Languages"), max_length=200, required=False, initial="Bahasa Indonesia"
    )
    capacity = forms.IntegerField(
        label=gettext_lazy("Caseload capacity"), min_value=0, max_value=500, initial=20
    )
    is_active = forms.BooleanField(label=gettext_lazy("Active"), required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["user"]
        else:
            self.fields["user"].queryset = User.objects.filter(
                role=Role.COUNSELOR, counselor__isnull=True
            ).order_by("username")

    def action_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("user", None)
        data["base_district_id"] = data.pop("base_district").strip()
        return data


class RunForm(forms.Form):
    max_km = forms.FloatField(
        label=gettext_lazy("Maximum distance for in-person coaching (km)"),
        min_value=0,
        max_value=2000,
        initial=DEFAULT_MAX_KM,
    )
    remote_km = forms.FloatField(
        label=gettext_lazy("Cost of remote coaching (km-equivalents)"),
        min_value=0,
        max_value=2000,
        initial=DEFAULT_REMOTE_KM,
    )
    sector_mismatch_km = forms.FloatField(
        label=gettext_lazy("Penalty when no sector matches (km)"),
        min_value=0,
        max_value=2000,
        initial=DEFAULT_SECTOR_MISMATCH_KM,
    )


class ReassignForm(forms.Form):
    counselor = forms.ModelChoiceField(label=gettext_lazy("New counselor"), queryset=Counselor.objects.none())
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counselor"].queryset = Counselor.objects.filter(is_active=True).select_related("user")


class DecideChangeForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("approve", gettext_lazy("Approve: assign another counselor")),
            ("reject", gettext_lazy("Reject")),
        ],
    )
    counselor = forms.ModelChoiceField(
        label=gettext_lazy("New counselor"), queryset=Counselor.objects.none(), required=False
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=1000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counselor"].queryset = Counselor.objects.filter(is_active=True).select_related("user")


class ChangeRequestForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why do you ask for another counselor?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


TOPIC_CHOICES = Topic.choices


class SessionForm(forms.Form):
    day = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=gettext_lazy("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    mode = forms.ChoiceField(
        label=gettext_lazy("Mode"), choices=Assignment.Mode.choices, widget=forms.RadioSelect
    )
    duration_minutes = forms.IntegerField(
        label=gettext_lazy("Duration (minutes)"), min_value=15, max_value=480, initial=60
    )
    topics = forms.MultipleChoiceField(
        label=gettext_lazy("Topics"),
        choices=TOPIC_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes (only counselors and admins see them)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class RecordSessionForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("The session was"),
        widget=forms.RadioSelect,
        choices=[
            (CoachingSession.Status.HELD, gettext_lazy("Held")),
            (CoachingSession.Status.CANCELLED, gettext_lazy("Cancelled")),
        ],
    )
    duration_minutes = forms.IntegerField(
        label=gettext_lazy("Duration (minutes)"), min_value=15, max_value=480
    )
    topics = forms.MultipleChoiceField(
        label=gettext_lazy("Topics"),
        choices=TOPIC_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes (only counselors and admins see them)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class ActionItemForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("What to do"), max_length=300)
    due_on = forms.DateField(label=gettext_lazy("Due on"), widget=forms.DateInput(attrs={"type": "date"}))


class MilestoneForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Milestone"), choices=Milestone.Kind.choices)
    reached_on = forms.DateField(
        label=gettext_lazy("Reached on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)


class ItemStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionItem.Status.choices)


class SectionForm(ErrorSummary, forms.Form):
    """One section of the plan; the months' table is 12 rows of three fields."""

    def __init__(self, section: Section, *args, initial_content: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        saved = initial_content or {}
        if section.monthly:
            rows = saved.get("months", [])
            for n in range(MONTHS):
                row = rows[n] if n < len(rows) else {}
                for name, label in (
                    ("units", _("units sold")),
                    ("credit_share", _("% sold on credit")),
                    ("owner_drawings", _("owner's drawings (Rp)")),
                ):
                    self.fields[f"m{n}_{name}"] = forms.CharField(
                        label=_("Month %(n)s: %(what)s") % {"n": n + 1, "what": label},
                        required=False,
                        initial=row.get(name),
                        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                    )
            return
        for field in section.fields:
            numeric = field.kind in (MONEY, NUMBER, RATE)
            widget = (
                forms.TextInput(attrs={"inputmode": "decimal" if field.kind == RATE else "numeric"})
                if numeric
                else forms.Textarea(attrs={"rows": 4})
            )
            self.fields[field.key] = forms.CharField(
                label=_(field.label),
                required=False,
                initial=saved.get(field.key),
                widget=widget,
                max_length=None if numeric else 4000,
            )

    def section_data(self) -> dict:
        data = self.cleaned_data
        if self.section.monthly:
            return {
                "months": [
                    {name: data.get(f"m{n}_{name}") for name in ("units", "credit_share", "owner_drawings")}
                    for n in range(MONTHS)
                ]
            }
        return {field.key: data.get(field.key) for field in self.section.fields}

    def add_action_errors(self, errors: dict) -> None:
        for field, message in errors.items():
            if field.startswith("months."):
                _m, n, name = field.split(".")
                field = f"m{n}_{name}"
            self.add_error(field if field in self.fields else None, message)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        widget=forms.RadioSelect,
        choices=[("return", gettext_lazy("Return with comments")), ("approve", gettext_lazy("Approve"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for section in SECTIONS:
            self.fields[f"comment_{section.key}"] = forms.CharField(
                label=_("Comment on “%(section)s”") % {"section": _(section.title)},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2000,
            )

    def comments(self) -> dict:
        return {s.key: self.cleaned_data.get(f"comment_{s.key}", "") for s in SECTIONS}
