from django import forms
from django.utils.translation import gettext_lazy

from wirausaha.common.forms import ErrorSummary

from .models import Business, ChecklistItem, ItemKind, RiskLevel

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TRI_STATE = [("", gettext_lazy("Either")), ("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


class BusinessForm(ErrorSummary, forms.Form):
    name = forms.CharField(label=gettext_lazy("Business name"), max_length=200)
    kbli_code = forms.CharField(
        label=gettext_lazy("KBLI 2020 code"),
        max_length=5,
        help_text=gettext_lazy(
            "5 digits, such as 10794 for crackers and chips. Ask your counselor if unsure."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    products = forms.CharField(
        label=gettext_lazy("Products"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    village_code = forms.CharField(
        label=gettext_lazy("Village code"),
        max_length=13,
        help_text=gettext_lazy("The Kemendagri code of the village where you work, such as 32.16.01.2001."),
    )
    address = forms.CharField(label=gettext_lazy("Address"), required=False, max_length=300)
    scale = forms.ChoiceField(
        label=gettext_lazy("Scale"), choices=Business.Scale.choices, widget=forms.RadioSelect, initial="micro"
    )
    started_on = forms.DateField(label=gettext_lazy("Started on"), required=False, widget=DATE)
    workers = forms.IntegerField(
        label=gettext_lazy("Workers (besides you)"), min_value=0, max_value=999, initial=0
    )
    home_produced_food = forms.BooleanField(label=gettext_lazy("I make food at home"), required=False)
    shelf_stable_packaged = forms.BooleanField(
        label=gettext_lazy("The product is packaged and keeps more than 7 days at room temperature"),
        required=False,
    )
    risk_level = forms.ChoiceField(
        label=gettext_lazy("Risk level shown by OSS"),
        choices=[("", gettext_lazy("Not known yet")), *RiskLevel.choices],
        required=False,
    )


class NibForm(ErrorSummary, forms.Form):
    nib = forms.CharField(
        label=gettext_lazy("NIB"),
        max_length=40,
        help_text=gettext_lazy("13 digits, as printed on the NIB document."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        strip=True,
    )
    issued_on = forms.DateField(label=gettext_lazy("Issued on"), widget=DATE)
    risk_level = forms.ChoiceField(label=gettext_lazy("Risk level"), choices=RiskLevel.choices)
    document = forms.FileField(
        label=gettext_lazy("NIB document"),
        required=False,
        help_text=gettext_lazy("PDF, JPEG or PNG, at most 5 MB."),
    )


class ItemForm(ErrorSummary, forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=ChecklistItem.Status.choices, widget=forms.RadioSelect
    )
    number = forms.CharField(label=gettext_lazy("Certificate number"), max_length=60, required=False)
    done_on = forms.DateField(label=gettext_lazy("Issued on"), required=False, widget=DATE)
    valid_until = forms.DateField(
        label=gettext_lazy("Valid until"),
        required=False,
        widget=DATE,
        help_text=gettext_lazy("Leave empty when it does not expire."),
    )
    document = forms.FileField(
        label=gettext_lazy("Certificate document"),
        required=False,
        help_text=gettext_lazy("PDF, JPEG or PNG, at most 5 MB."),
    )
    not_needed_reason = forms.CharField(
        label=gettext_lazy("Why it is not needed"), max_length=300, required=False
    )


class DueForm(forms.Form):
    due_on = forms.DateField(label=gettext_lazy("Due on"), required=False, widget=DATE)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("verify", gettext_lazy("The document shows this NIB: verify")),
            ("return", gettext_lazy("Return it for correction")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note (the reason, when returning)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RuleForm(ErrorSummary, forms.Form):
    code = forms.SlugField(label=gettext_lazy("Code"), max_length=60)
    kind = forms.ChoiceField(label=gettext_lazy("Item"), choices=ItemKind.choices)
    order = forms.IntegerField(label=gettext_lazy("Order"), min_value=1, max_value=999, initial=100)
    kbli_prefix = forms.CharField(
        label=gettext_lazy("KBLI prefix"),
        max_length=5,
        required=False,
        help_text=gettext_lazy("Such as 10 for food; empty for every activity."),
    )
    risk_levels = forms.MultipleChoiceField(
        label=gettext_lazy("Risk levels"),
        choices=RiskLevel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: every level."),
    )
    home_food = forms.ChoiceField(label=gettext_lazy("Food made at home"), choices=TRI_STATE, required=False)
    shelf_stable = forms.ChoiceField(
        label=gettext_lazy("Packaged, keeps at room temperature"), choices=TRI_STATE, required=False
    )
    needs_nib = forms.ChoiceField(
        label=gettext_lazy("Business has an NIB"), choices=TRI_STATE, required=False
    )
    scales = forms.MultipleChoiceField(
        label=gettext_lazy("Scales"),
        choices=Business.Scale.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: any scale."),
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    legal_basis = forms.CharField(label=gettext_lazy("Legal basis"), max_length=300)
    guidance = forms.CharField(
        label=gettext_lazy("Guidance for the participant"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    is_active = forms.BooleanField(label=gettext_lazy("In use"), required=False, initial=True)
    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]
            self.fields["reason"].required = True

    @staticmethod
    def initial_of(rule) -> dict:
        conditions = rule.conditions or {}

        def tri(key):
            return "" if key not in conditions else ("yes" if conditions[key] else "no")

        return {
            "kind": rule.kind,
            "order": rule.order,
            "kbli_prefix": rule.kbli_prefix,
            "risk_levels": rule.risk_levels,
            "home_food": tri("home_food"),
            "shelf_stable": tri("shelf_stable"),
            "needs_nib": tri("needs_nib"),
            "scales": conditions.get("scales", []),
            "title": rule.title,
            "legal_basis": rule.legal_basis,
            "guidance": rule.guidance,
            "is_active": rule.is_active,
        }

    def action_values(self) -> dict:
        data = self.cleaned_data
        conditions = {}
        for key in ("home_food", "shelf_stable", "needs_nib"):
            if data.get(key):
                conditions[key] = data[key] == "yes"
        if data.get("scales"):
            conditions["scales"] = list(data["scales"])
        return {
            "code": data.get("code", ""),
            "kind": data["kind"],
            "order": data["order"],
            "kbli_prefix": data.get("kbli_prefix", ""),
            "risk_levels": list(data.get("risk_levels") or []),
            "conditions": conditions,
            "title": data["title"],
            "legal_basis": data["legal_basis"],
            "guidance": data["guidance"],
            "is_active": data.get("is_active", False),
        }
