from django import forms
from django.utils.translation import gettext_lazy as _

from wirausaha.common.audit_texts import verb_choices

DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    """The audit trail's filters, read from the query string; every one may be left empty."""

    verb = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Username"), required=False, max_length=150)
    since = forms.DateField(label=_("From"), required=False, widget=DAY)
    until = forms.DateField(label=_("Until"), required=False, widget=DAY)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verb"].choices = [("", _("All actions")), *verb_choices()]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned

    def filters(self) -> dict:
        """The valid filters only: a wrong field is reported and left out, the others still apply."""
        self.is_valid()
        return {
            name: value
            for name in self.fields
            if name not in self.errors and (value := self.cleaned_data.get(name)) not in (None, "")
        }
