from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from wirausaha.common.forms import ErrorSummary

from ..models import Organisation, Role

STAFF_ROLES = [(value, label) for value, label in Role.choices if value != Role.PARTICIPANT]


class StaffAccountForm(ErrorSummary, forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[
            RegexValidator(
                r"^[a-z0-9][a-z0-9._-]*$",
                _("Use small letters, digits, periods, hyphens and underscores, e.g. disnaker.bogor."),
            )
        ],
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Mobile number"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Choose")), *STAFF_ROLES])
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_(
            "Its exact name, as on the organisations page. Needed for centre operators, trainers, the "
            "ministry partner and financing or market partners."
        ),
    )
    scope_region = forms.CharField(
        label=_("Region (Kemendagri code)"),
        max_length=13,
        required=False,
        help_text=_("Needed for labour offices: a province (32) or a regency (32.16)."),
    )


class ReasonForm(ErrorSummary, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class OrganisationForm(ErrorSummary, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=[("", _("Choose")), *Organisation.Kind.choices])
    region = forms.CharField(
        label=_("Region (Kemendagri code)"),
        max_length=13,
        required=False,
        help_text=_("Where it works, if it has one place: e.g. 32.16 for Kabupaten Bekasi."),
    )
