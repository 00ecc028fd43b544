from django import forms
from django.utils.translation import gettext_lazy

from wirausaha.programs.models import Wave
from wirausaha.registry.models import Sex

from .indicators import AGE_BANDS, DIMENSIONS, Filters
from .maps import names


class FilterForm(forms.Form):
    """The dashboard's, exports' and API's filters. Every field is optional; a wrong value is an
    error on the field (shown on the page), never a 500."""

    wave = forms.ModelChoiceField(
        label=gettext_lazy("Wave"),
        queryset=Wave.objects.order_by("-opens_on", "code"),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("All waves"),
    )
    province = forms.ChoiceField(label=gettext_lazy("Province"), required=False)
    sex = forms.ChoiceField(
        label=gettext_lazy("Sex"), required=False, choices=[("", gettext_lazy("All")), *Sex.choices]
    )
    age_band = forms.ChoiceField(
        label=gettext_lazy("Age band"),
        required=False,
        choices=[("", gettext_lazy("All")), *[(band, band) for band in AGE_BANDS]],
    )
    by = forms.ChoiceField(
        label=gettext_lazy("Table by"), required=False, choices=list(DIMENSIONS.items()), initial="province"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", gettext_lazy("All provinces")), *sorted(names().items())]

    def filters(self) -> Filters:
        """The filters of a valid form (call is_valid first); none when it is not valid."""
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            wave=data["wave"].pk if data.get("wave") else None,
            province=data.get("province") or "",
            sex=data.get("sex") or "",
            age_band=data.get("age_band") or "",
        )

    def dimension(self) -> str:
        return (self.cleaned_data.get("by") if self.is_valid() else "") or "province"


class AnswerForm(forms.Form):
    """The follow-up questions (facts file, implication 12), the same for the link and for staff."""

    operating = forms.TypedChoiceField(
        label=gettext_lazy("Is your business operating now?"),
        choices=[("1", gettext_lazy("Yes")), ("0", gettext_lazy("No"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    closed_since = forms.DateField(
        label=gettext_lazy("If not: closed since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    closed_reason = forms.CharField(
        label=gettext_lazy("If not: why it closed"), max_length=300, required=False
    )
    monthly_revenue = forms.IntegerField(
        label=gettext_lazy("Revenue last month (Rp)"), min_value=0, initial=0
    )
    monthly_profit = forms.IntegerField(
        label=gettext_lazy("Profit last month (Rp; a loss is negative)"),
        initial=0,
        min_value=-(10**12),
        max_value=10**12,
    )
    workers_paid = forms.IntegerField(
        label=gettext_lazy("Paid workers"), min_value=0, max_value=10_000, initial=0
    )
    workers_unpaid = forms.IntegerField(
        label=gettext_lazy("Unpaid workers (family)"), min_value=0, max_value=10_000, initial=0
    )
    has_nib = forms.BooleanField(label=gettext_lazy("The business has an NIB"), required=False)
    financing_source = forms.CharField(
        label=gettext_lazy("Financing received: from whom (KUR, grant, family...)"),
        max_length=200,
        required=False,
    )
    financing_amount = forms.IntegerField(
        label=gettext_lazy("Financing received (Rp)"), min_value=0, initial=0
    )
    buyers = forms.IntegerField(
        label=gettext_lazy("Buyers found through the programme"), min_value=0, initial=0
    )
    contract_value = forms.IntegerField(
        label=gettext_lazy("Value of their orders (Rp)"), min_value=0, initial=0
    )
    household_income = forms.IntegerField(
        label=gettext_lazy("Household income last month (Rp)"), min_value=0, initial=0
    )
    formal_job = forms.BooleanField(label=gettext_lazy("I took a job as an employee instead"), required=False)

    def clean_monthly_revenue(self):
        return self.cleaned_data["monthly_revenue"] or 0


class OpenRoundForm(forms.Form):
    wave = forms.ModelChoiceField(
        label=gettext_lazy("Wave"),
        queryset=Wave.objects.filter(training_ends_on__isnull=False).order_by("-opens_on"),
    )
    months = forms.TypedChoiceField(
        label=gettext_lazy("Months after the training"), choices=[(3, "3"), (6, "6"), (12, "12")], coerce=int
    )
