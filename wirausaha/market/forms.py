from django import forms
from django.utils.translation import gettext_lazy as _

from .matching import CERTIFICATE_KINDS
from .models import Deal, Listing, Meeting

CERTIFICATE_LABELS = {
    "nib": _("NIB"),
    "halal": _("Halal certificate"),
    "spp_irt": _("SPP-IRT"),
    "bpom_md": _("BPOM MD"),
    "pkp": _("Food safety training certificate (PKP)"),
    "sertifikat_standar": _("Standard certificate"),
    "izin": _("Licence"),
    "sni": _("SNI"),
}


class ListingForm(forms.Form):
    product = forms.CharField(label=_("Product"), max_length=200)
    kbli_code = forms.CharField(
        label=_("KBLI 2020 code"),
        max_length=5,
        help_text=_("5 digits, such as 10792 for cakes and biscuits."),
    )
    regions = forms.CharField(
        label=_("Regions served"),
        required=False,
        help_text=_(
            "Province or regency codes separated by commas, such as 32 or 32.16; empty for nationwide."
        ),
    )
    unit = forms.CharField(label=_("Unit"), max_length=30, initial="pcs")
    volume_per_month = forms.IntegerField(label=_("Volume per month"), min_value=1)
    min_per_supplier = forms.IntegerField(label=_("Minimum per supplier per month"), min_value=0, initial=0)
    price_min = forms.IntegerField(label=_("Lowest unit price (Rp)"), min_value=0, required=False)
    price_max = forms.IntegerField(label=_("Highest unit price (Rp)"), min_value=0, required=False)
    requires = forms.MultipleChoiceField(
        label=_("Required certificates"),
        required=False,
        choices=[(kind, CERTIFICATE_LABELS[kind]) for kind in CERTIFICATE_KINDS],
        widget=forms.CheckboxSelectMultiple,
    )
    route = forms.ChoiceField(label=_("Procurement route"), choices=Listing.Route.choices)
    value = forms.IntegerField(label=_("Procurement value (Rp)"), min_value=0, initial=0)
    deadline = forms.DateField(
        label=_("Response deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["regions"] = [code.strip() for code in (data.get("regions") or "").split(",") if code.strip()]
        return data


class OfferForm(forms.Form):
    capacity_per_month = forms.IntegerField(label=_("Capacity per month"), min_value=0)
    unit = forms.CharField(label=_("Unit"), max_length=30, initial="pcs")
    price = forms.IntegerField(label=_("Unit price (Rp)"), min_value=0, required=False)
    is_open = forms.BooleanField(label=_("Open to buyers"), required=False, initial=True)


class DealStepForm(forms.Form):
    status = forms.ChoiceField(label=_("Next step"), choices=Deal.Status.choices)
    contract_value = forms.IntegerField(label=_("Contract value (Rp)"), min_value=1, required=False)
    contract_volume = forms.IntegerField(label=_("Contract volume"), min_value=1, required=False)
    contract_on = forms.DateField(
        label=_("Contract date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    delivered_value = forms.IntegerField(label=_("Delivered value (Rp)"), min_value=1, required=False)
    delivered_on = forms.DateField(
        label=_("Delivery date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    lost_reason = forms.CharField(label=_("Reason lost"), max_length=300, required=False)

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, Deal.Status(s).label) for s in steps]


class EventForm(forms.Form):
    name = forms.CharField(label=_("Event name"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online = forms.BooleanField(label=_("Online"), required=False)
    starts_at = forms.TimeField(
        label=_("First slot starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    slot_minutes = forms.IntegerField(label=_("Minutes per slot"), min_value=5, max_value=240, initial=20)
    slots = forms.IntegerField(label=_("Time slots"), min_value=1, max_value=48, initial=6)
    tables = forms.IntegerField(label=_("Tables"), min_value=1, max_value=500, initial=10)


class RegisterForm(forms.Form):
    unavailable = forms.TypedMultipleChoiceField(
        label=_("Slots you cannot attend"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unavailable"].choices = [(s, event.slot_time(s)) for s in range(event.slots)]


class OutcomeForm(forms.Form):
    meeting = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[(o.value, o.label) for o in Meeting.Outcome if o.value]
    )
