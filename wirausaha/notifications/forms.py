from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from wirausaha.accounts.models import Language
from wirausaha.common.forms import ErrorSummary

from .models import CHOOSABLE, WhatsAppTemplate


class ChannelsForm(ErrorSummary, forms.Form):
    """A person's channels and language ("Saluran pesan saya"): plain checkboxes and radios."""

    channels = forms.MultipleChoiceField(
        label=_("Send me messages by"),
        required=False,
        choices=[(channel.value, channel.label) for channel in CHOOSABLE],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave every box empty to stop messages; codes you ask for are still sent by SMS."),
    )
    language = forms.ChoiceField(
        label=_("Language of my messages"), choices=Language.choices, widget=forms.RadioSelect
    )


class ForgotPasswordForm(ErrorSummary, forms.Form):
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        help_text=_("The number you registered with, for example 0812 3456 7890."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class CodePasswordForm(ErrorSummary, SetPasswordForm):
    """The code sent to the phone, and the new password."""

    code = forms.CharField(
        label=_("Code from the SMS"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    field_order = ["code", "new_password1", "new_password2"]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError(_("The code is 6 digits."))
        return code


class TemplateStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=WhatsAppTemplate.Status.choices)

    def __init__(self, *args, template: WhatsAppTemplate | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if template is not None:
            # Named on the select itself: a hidden label, placed absolutely, would stick out of the
            # table's scrolling box on a phone and widen the page.
            self.fields["status"].widget.attrs["aria-label"] = (
                f"{_('Status')} {template.name} {template.language}"
            )
