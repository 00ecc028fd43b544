from django import forms
from django.utils.translation import gettext_lazy as _

from .actions import DEFAULT_MAX_KM, DEFAULT_SECTOR_MISMATCH_KM, LARGEST_PENALTY_KM, LONGEST_MAX_KM

OUT = "out"


class RunForm(forms.Form):
    max_km = forms.FloatField(
        label=_("Maximum travel (km)"),
        min_value=1,
        max_value=int(LONGEST_MAX_KM),
        initial=f"{DEFAULT_MAX_KM:g}",
        help_text=_("Nobody is sent to a centre farther than this from their home district."),
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    sector_mismatch_km = forms.FloatField(
        label=_("Penalty for another sector (km)"),
        min_value=0,
        max_value=int(LARGEST_PENALTY_KM),
        initial=f"{DEFAULT_SECTOR_MISMATCH_KM:g}",
        help_text=_(
            "Counted as extra kilometres when a course's sector does not match the participant's "
            "business interest: a fitting course up to this much farther is preferred."
        ),
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


class MoveForm(forms.Form):
    cohort = forms.ChoiceField(label=_("Move to"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the audit trail, and shown on the placement."),
        error_messages={"required": _("Say why this person is moved.")},
    )

    def __init__(self, *args, choices=(), can_take_out: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        options = list(choices)
        if can_take_out:
            options.append((OUT, _("Take out of the class (stays selected, waits for a place)")))
        self.fields["cohort"].choices = options
