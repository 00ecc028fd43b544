from django import forms
from django.utils.translation import gettext_lazy as _

from wirausaha.common.forms import ErrorSummary


class CorrectValueForm(ErrorSummary, forms.Form):
    public_value = forms.CharField(label=_("Public value, exactly as published"), max_length=300)
    reason = forms.CharField(
        label=_("Why it is corrected (published)"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReopenForm(ErrorSummary, forms.Form):
    randomness_source = forms.CharField(label=_("New source of the public value"), max_length=300)
    randomness_published_after = forms.DateTimeField(
        label=_("Published after (WIB)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    reason = forms.CharField(
        label=_("Why the wave is re-opened (published)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RedeclareForm(ErrorSummary, forms.Form):
    randomness_source = forms.CharField(label=_("Source of the public value"), max_length=300)
    randomness_published_after = forms.DateTimeField(
        label=_("Published after (WIB)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    reason = forms.CharField(
        label=_("Why the source is re-declared (published)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
