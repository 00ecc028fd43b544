from django import forms
from django.utils.translation import gettext_lazy as _

from wirausaha.common.forms import ErrorSummary

from ..models import EligibilityRule, PriorityRule, Programme
from .actions import WavePlan

K = EligibilityRule.Kind
P = PriorityRule.Kind


def _date(label, required=True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))


def _points(label) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=10, initial=0)


class WaveForm(ErrorSummary, forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.order_by("-id"))
    code = forms.CharField(label=_("Code"), max_length=30, help_text=_("For example LK-PHK-2027-1."))
    name = forms.CharField(label=_("Name"), max_length=200)
    opens_on = _date(_("Registration opens"))
    closes_on = _date(_("Registration closes"))
    selection_date = _date(_("Selection date"))
    training_starts_on = _date(_("Training starts"), required=False)
    training_ends_on = _date(_("Training ends"), required=False)
    quotas = forms.CharField(
        label=_("Seats per region"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20_000,
        help_text=_("One region per line: its Kemendagri code, “=” and the seats, e.g. 32=120 or 32.16=40."),
    )
    randomness_source = forms.CharField(
        label=_("Source of the lottery's public value"),
        max_length=300,
        help_text=_(
            "A value published after registration closes that nobody can choose, e.g. the closing "
            "value of a named stock index on a given date. Fixed when the wave opens."
        ),
    )
    laid_off_within_months = forms.IntegerField(
        label=_("Laid off at most this many months before the opening"),
        required=False,
        min_value=1,
        max_value=60,
    )
    age_min = forms.IntegerField(label=_("Youngest age"), required=False, min_value=15, max_value=80)
    age_max = forms.IntegerField(label=_("Oldest age"), required=False, min_value=15, max_value=80)
    domicile_in_wave_regions = forms.BooleanField(
        label=K.DOMICILE_IN_WAVE_REGIONS.label, required=False, initial=True
    )
    verified = forms.BooleanField(label=K.VERIFIED.label, required=False, initial=True)
    evidence_present = forms.BooleanField(label=K.EVIDENCE_PRESENT.label, required=False)
    not_graduated_before = forms.BooleanField(
        label=K.NOT_GRADUATED_BEFORE.label, required=False, initial=True
    )
    not_in_other_open_wave = forms.BooleanField(
        label=K.NOT_IN_OTHER_OPEN_WAVE.label, required=False, initial=True
    )
    women_points = _points(_("Priority points: women"))
    disability_points = _points(_("Priority points: persons with disabilities"))
    no_jkp_points = _points(_("Priority points: no JKP benefit"))
    long_unemployed_points = _points(_("Priority points: unemployed a long time"))
    long_unemployed_months = forms.IntegerField(
        label=_("Unemployed for at least (months)"), required=False, min_value=1, max_value=60, initial=6
    )

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("age_min") is None) != (cleaned.get("age_max") is None):
            self.add_error("age_max", _("Give both ages, or neither."))
        return cleaned

    def plan(self) -> WavePlan:
        data = self.cleaned_data
        eligibility: dict[str, dict] = {}
        if data["laid_off_within_months"]:
            eligibility[K.LAID_OFF_WITHIN_MONTHS] = {"months": data["laid_off_within_months"]}
        if data["age_min"] is not None and data["age_max"] is not None:
            eligibility[K.AGE_BETWEEN] = {"min": data["age_min"], "max": data["age_max"]}
        for kind in (
            K.DOMICILE_IN_WAVE_REGIONS,
            K.VERIFIED,
            K.EVIDENCE_PRESENT,
            K.NOT_GRADUATED_BEFORE,
            K.NOT_IN_OTHER_OPEN_WAVE,
        ):
            if data[kind.value]:
                eligibility[kind] = {}
        priorities: dict[str, tuple[int, dict]] = {}
        for kind, name in ((P.WOMEN, "women"), (P.DISABILITY, "disability"), (P.NO_JKP, "no_jkp")):
            if data[f"{name}_points"]:
                priorities[kind] = (data[f"{name}_points"], {})
        if data["long_unemployed_points"]:
            months = data["long_unemployed_months"] or 6
            priorities[P.LONG_UNEMPLOYED] = (data["long_unemployed_points"], {"months": months})
        return WavePlan(
            programme=data["programme"],
            code=data["code"],
            name=data["name"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            selection_date=data["selection_date"],
            training_starts_on=data["training_starts_on"],
            training_ends_on=data["training_ends_on"],
            quotas_text=data["quotas"],
            randomness_source=data["randomness_source"],
            eligibility=eligibility,
            priorities=priorities,
        )
