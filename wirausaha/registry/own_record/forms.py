"""Forms of a participant's own pages: the correction of their data (the registration's fields,
registration/forms.py), the request of a NIK change and the withdrawal of consent."""

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wirausaha.common.forms import ErrorSummary

from ..actions import FOREIGN_KEYS, SELF_EDITABLE
from ..models import Participant
from ..registration.forms import MISSING, PARTICIPANT_STEPS, ParticipantForm, domicile_values, national_phone


@dataclass
class Section:
    title: Promise
    fields: list[forms.BoundField] = field(default_factory=list)
    has_domicile: bool = False


class EditForm(ParticipantForm):
    """A participant's correction of their own data: the fields they may change themself."""

    layoff_evidence = forms.FileField(
        label=_("Layoff letter"),
        required=False,
        help_text=_("Upload a new one only to replace it. PDF, JPEG or PNG, at most 5 MB."),
        widget=forms.FileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, names=SELF_EDITABLE, check_rules=False, **kwargs)
        self.fields["layoff_evidence"] = copy.deepcopy(self.base_fields["layoff_evidence"])
        self.fields["phone"].help_text = _("The labour office reaches you at this number.")
        self.optional_fields.add("layoff_evidence")

    def sections(self) -> list[Section]:
        sections = []
        for step in PARTICIPANT_STEPS:
            section = Section(step.title)
            for name in step.fields:
                if name == "domicile":
                    section.has_domicile = True
                elif name in self.fields:
                    section.fields.append(self[name])
            if step.number == 3:
                section.fields.append(self["layoff_evidence"])
            sections.append(section)
        return sections

    def add_rule_errors(self, errors: Mapping[str, str], typed: Mapping[str, str] | None = None) -> None:
        if "layoff_evidence" in errors:
            self.add_error("layoff_evidence", errors["layoff_evidence"])
        super().add_rule_errors({k: v for k, v in errors.items() if k != "layoff_evidence"}, typed)


def initial_from(participant: Participant) -> dict[str, str]:
    """A participant's current values as the edit form shows them."""
    values = {}
    for name in SELF_EDITABLE:
        value = getattr(participant, FOREIGN_KEYS.get(name, name))
        if name == "domicile":
            values.update(domicile_values(value))
        elif name == "jkp_recipient":
            values[name] = {True: "ya", False: "tidak"}.get(value, "")
        elif name == "phone":
            values[name] = national_phone(value)
        elif isinstance(value, date):
            values[name] = value.isoformat()
        else:
            values[name] = "" if value is None else str(value)
    return values


class NikChangeForm(ErrorSummary, forms.Form):
    new_nik = forms.CharField(
        label=_("Correct NIK"),
        required=False,
        help_text=_("16 digits, as on your KTP."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    )
    reason = forms.CharField(
        label=_("Why does it need to change?"),
        required=False,
        help_text=_("For example: a typing mistake at registration."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )
    optional_fields = frozenset({"reason"})
    kbli_fields = frozenset()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("new_nik"):
            self.add_error("new_nik", MISSING["nik"])
        return cleaned


class WithdrawForm(ErrorSummary, forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw? This helps us improve the programme."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )
    confirm = forms.BooleanField(
        label=_("I understand what happens and I withdraw my consent."), required=False
    )
    optional_fields = frozenset({"reason"})
    kbli_fields = frozenset()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("confirm"):
            self.add_error("confirm", _("Tick the box to confirm that you withdraw your consent."))
        return cleaned
