"""Forms of the self-registration. They collect what the person typed; the rules are the shared
ones (`actions.clean`, the same as the API and the import use), and each form shows only the
errors of its own fields, next to each field. A participant's own pages (own_record/forms.py)
build on the same fields."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wirausaha.accounts.models import Role, User
from wirausaha.common.forms import ErrorSummary
from wirausaha.common.masking import phone_as_dialled
from wirausaha.reference.models import Region, Sector
from wirausaha.reference.queries import regions_under, sectors_matching

from ..actions import clean as clean_rules
from ..evidence import check_evidence
from ..models import Disability, Education, Participant, Sex
from ..validation import REQUIRED, Invalid, parse_phone

# The domicile is picked with four lists, from the province down; the village is optional.
DOMICILE = ("province", "regency", "district", "village")
KBLI_FIELDS = frozenset({"employer_sector", "business_interest_sector"})
KBLI_CHOICES = 8  # codes offered for the words typed in a KBLI field
JKP_CHOICES = [("ya", _("Yes")), ("tidak", _("No")), ("", _("I don't know"))]

# What to do when a required field is left empty: said per field, not "this field is required".
MISSING = {
    "nik": _("Enter your NIK: the 16 digits on your KTP."),
    "full_name": _("Enter your full name as on your KTP."),
    "birth_date": _("Enter your date of birth."),
    "sex": _("Choose your sex."),
    "phone": _("Enter your mobile number."),
    "layoff_date": _("Enter the date you were laid off."),
}
MISSING_REGION = {
    "province": _("Choose your province."),
    "regency": _("Choose your regency or city."),
    "district": _("Choose your district (kecamatan)."),
}


@dataclass(frozen=True)
class Step:
    number: int
    title: Promise
    fields: tuple[str, ...]


STEPS = (
    Step(1, _("About you"), ("nik", "full_name", "birth_place", "birth_date", "sex")),
    Step(2, _("Contact and address"), ("phone", "email", "domicile")),
    Step(
        3,
        _("Work and layoff"),
        ("last_employer", "employer_sector", "job_title", "layoff_date", "layoff_reason", "jkp_recipient"),
    ),
    Step(
        4,
        _("Education and business"),
        (
            "education",
            "disability",
            "business_interest_sector",
            "business_interest",
            "existing_business",
            "existing_business_since",
        ),
    ),
    Step(5, _("Account and consent"), ("layoff_evidence", "password1", "password2", "consent")),
)
LAST_STEP = STEPS[-1].number
PARTICIPANT_STEPS = STEPS[:-1]


def step_of(name: str) -> int:
    """The step that asks for a field (participant fields and the domicile lists alike)."""
    name = "domicile" if name in DOMICILE else name
    for step in STEPS:
        if name in step.fields:
            return step.number
    return LAST_STEP


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # ISO in and out: what a date picker sends and what parse_date reads.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TelInput(forms.TextInput):
    input_type = "tel"


def _label(name: str) -> str:
    return capfirst(Participant._meta.get_field(name).verbose_name)


def _text(name: str, help_text: Promise | str = "", **attrs) -> forms.CharField:
    return forms.CharField(
        label=_label(name), required=False, help_text=help_text, widget=forms.TextInput(attrs=attrs)
    )


def _date(name: str, **attrs) -> forms.CharField:
    return forms.CharField(label=_label(name), required=False, widget=DateInput(attrs=attrs))


def _long_text(name: str, rows: int, help_text: Promise | str = "") -> forms.CharField:
    return forms.CharField(
        label=_label(name),
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": 300}),
    )


def _kbli(name: str, help_text: Promise) -> forms.CharField:
    # Words are welcome too: the step then offers the matching codes to choose from (kbli_choices).
    return _text(name, help_text, autocomplete="off", maxlength=100, spellcheck="false")


def _region_select(level: Region.Level) -> forms.CharField:
    return forms.CharField(label=capfirst(level.label), required=False)


def participant_fields() -> dict[str, forms.Field]:
    """Fresh form fields for every participant field a person fills in, in the order asked."""
    today = date.today().isoformat()
    return {
        "nik": forms.CharField(
            label=_("NIK"),
            required=False,
            help_text=_("16 digits, as on your KTP."),
            widget=forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
            ),
        ),
        "full_name": _text("full_name", _("As written on your KTP."), autocomplete="name"),
        "birth_place": _text("birth_place", autocomplete="off"),
        "birth_date": _date("birth_date", autocomplete="bday", max=today),
        "sex": forms.ChoiceField(
            label=_label("sex"), required=False, choices=Sex.choices, widget=forms.RadioSelect
        ),
        "phone": forms.CharField(
            label=_label("phone"),
            required=False,
            help_text=_("You log in with this number. For example 0812 3456 7890."),
            widget=TelInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        ),
        "email": forms.CharField(
            label=_label("email"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
        ),
        "province": _region_select(Region.Level.PROVINCE),
        "regency": _region_select(Region.Level.REGENCY),
        "district": _region_select(Region.Level.DISTRICT),
        "village": _region_select(Region.Level.VILLAGE),
        "last_employer": _text("last_employer", autocomplete="organization"),
        "employer_sector": _kbli(
            "employer_sector",
            _(
                "The 5-digit KBLI 2020 code of the company, or words for what it made or did (for example "
                "sepatu): press Next and choose the code."
            ),
        ),
        "job_title": _text("job_title", autocomplete="organization-title"),
        "layoff_date": _date("layoff_date", max=today),
        "layoff_reason": _long_text("layoff_reason", 3, _("For example: the factory closed, or downsizing.")),
        "jkp_recipient": forms.ChoiceField(
            label=_("Do you receive the JKP benefit (Jaminan Kehilangan Pekerjaan)?"),
            required=False,
            choices=JKP_CHOICES,
            widget=forms.RadioSelect,
        ),
        "education": forms.ChoiceField(
            label=_label("education"), required=False, choices=[("", _("Choose")), *Education.choices]
        ),
        "disability": forms.ChoiceField(
            label=_label("disability"), required=False, choices=Disability.choices, initial=Disability.NONE
        ),
        "business_interest_sector": _kbli(
            "business_interest_sector",
            _(
                "The 5-digit KBLI 2020 code of the business, or words for what it makes or does (for "
                "example kue basah): press Next and choose the code."
            ),
        ),
        "business_interest": _long_text(
            "business_interest", 2, _("What business would you like to run? For example: catering.")
        ),
        "existing_business": _text(
            "existing_business", _("If you already run a business: what is it?"), autocomplete="off"
        ),
        "existing_business_since": _date("existing_business_since", max=today),
    }


def participant_data(values: Mapping[str, str]) -> dict[str, str]:
    """What a person typed, as participant data: the four lists become one domicile code (the
    village when chosen, else the district)."""
    data = {name: value for name, value in values.items() if name not in DOMICILE}
    if any(name in values for name in DOMICILE):
        data["domicile"] = values.get("village") or values.get("district") or ""
    return data


def domicile_values(code: str) -> dict[str, str]:
    """The four list values for a district or village code: 32.16.01.2001 → 32, 32.16, …"""
    parts = code.split(".") if code else []
    return {
        name: ".".join(parts[: index + 1]) if index < len(parts) else ""
        for index, name in enumerate(DOMICILE)
    }


@dataclass
class RegionList:
    name: str
    label: str
    placeholder: str
    options: list[tuple[str, str]]
    selected: str = ""
    error: str = ""
    optional: bool = False
    last: bool = False

    @property
    def id(self) -> str:
        return f"id_{self.name}"


LEVELS = dict(zip(DOMICILE, Region.Level, strict=True))
PLACEHOLDERS = {
    "province": _("Choose a province"),
    "regency": _("Choose a regency or city"),
    "district": _("Choose a district"),
    "village": _("Choose a village"),
}


def domicile_lists(values: Mapping[str, str], errors: Mapping[str, str] | None = None) -> list[RegionList]:
    """The four lists with their options: each one is filled once the one above is chosen, and
    a choice that does not lie under the one above is dropped (the province was changed)."""
    errors = errors or {}
    lists, parent = [], None
    for index, name in enumerate(DOMICILE):
        options = list(regions_under(parent).values_list("code", "name")) if index == 0 or parent else []
        selected = values.get(name) or ""
        if selected not in {code for code, _name in options}:
            selected = ""
        lists.append(
            RegionList(
                name=name,
                label=capfirst(LEVELS[name].label),
                placeholder=str(PLACEHOLDERS[name]),
                options=options,
                selected=selected,
                error=errors.get(name, ""),
                optional=name == "village",
                last=index == len(DOMICILE) - 1,
            )
        )
        parent = selected or None
    return lists


def national_phone(value: str) -> str:
    """+6281234567801 → 0812-3456-7801, as people write it; anything else unchanged."""
    try:
        return phone_as_dialled(parse_phone(value))
    except Invalid:
        return value or ""


class ParticipantForm(ErrorSummary, forms.Form):
    """Some of a participant's fields, as typed. With `check_rules` the form applies the shared
    rules to them (with `earlier`, what was typed in other steps, for the checks across fields);
    otherwise the action does, and `add_rule_errors` puts its errors next to the fields."""

    kbli_fields = KBLI_FIELDS

    def __init__(
        self,
        *args,
        names: Iterable[str],
        earlier: Mapping[str, str] | None = None,
        check_rules: bool = True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.names = tuple(names)
        every = participant_fields()
        self.fields = {}
        for name in self.names:
            for form_name in DOMICILE if name == "domicile" else (name,):
                self.fields[form_name] = every[form_name]
        self.earlier = dict(earlier or {})
        self.check_rules = check_rules
        self.nik_flags: list[str] = []
        self.optional_fields = {
            name
            for name in self.fields
            if name not in REQUIRED and name not in ("province", "regency", "district")
        }

    def typed(self) -> dict[str, str]:
        """The values as typed, without any check: kept when going back or choosing a region."""
        values = {}
        for name, form_field in self.fields.items():
            value = form_field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            values[name] = value.strip() if isinstance(value, str) else ""
        return values

    def values(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}

    def plain_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in DOMICILE]

    @property
    def has_domicile(self) -> bool:
        return "domicile" in self.names

    def domicile(self) -> list[RegionList]:
        values = self.typed() if self.is_bound else {name: self.initial.get(name, "") for name in DOMICILE}
        errors = {name: " ".join(self.errors[name]) for name in DOMICILE if name in self.errors}
        return domicile_lists(values, errors)

    def clean(self):
        cleaned = super().clean()
        if not self.check_rules:
            return cleaned
        self.offer_kbli_choices()
        typed = self.values()
        raw = participant_data({**self.earlier, **typed})
        result = clean_rules(raw)
        self.nik_flags = result.nik_flags
        self.add_rule_errors(result.errors, typed)
        return cleaned

    def offer_kbli_choices(self) -> None:
        """Words typed in a KBLI field: the field's best matching 5-digit codes are offered as a
        choice in place (`kbli_choices` on the form field), in the same form, without JavaScript."""
        for name in self.kbli_fields & set(self.fields):
            words = (self.cleaned_data.get(name) or "").strip()
            if not words or words.isdigit():
                continue
            choices = list(sectors_matching(words, Sector.Level.KELOMPOK)[:KBLI_CHOICES])
            self.fields[name].kbli_choices = choices
            message = (
                _("Choose the KBLI code for “%(words)s” below, or type the 5-digit code.")
                if choices
                else _("No KBLI code matches “%(words)s”: try other words, or leave it empty.")
            )
            self.add_error(name, message % {"words": words[:100]})

    def add_rule_errors(self, errors: Mapping[str, str], typed: Mapping[str, str] | None = None) -> None:
        """Errors from the rules (or an action) next to this form's fields; the others are ignored."""
        typed = typed if typed is not None else self.typed()
        for name, message in errors.items():
            if name == "domicile" and self.has_domicile:
                missing = [level for level in ("province", "regency", "district") if not typed.get(level)]
                if missing:
                    self.add_error(missing[0], str(MISSING_REGION[missing[0]]))
                else:
                    self.add_error("village", message)
            elif name in self.fields and name not in self.errors:
                empty = not typed.get(name)
                self.add_error(name, str(MISSING[name]) if empty and name in MISSING else message)


class CodeForm(ErrorSummary, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}
        ),
    )
    optional_fields = frozenset()
    kbli_fields = frozenset()


class AccountForm(ErrorSummary, forms.Form):
    """The last step: the password (Django's validators), consent, and the optional evidence."""

    layoff_evidence = forms.FileField(
        label=_("Photo or scan of the letter"),
        required=False,
        help_text=_(
            "Your termination letter (surat PHK) or reference letter (paklaring). PDF, JPEG or PNG, "
            "at most 5 MB. An officer checks your layoff with it."
        ),
        widget=forms.FileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(label=_("I agree to the text above."), required=False)

    optional_fields = frozenset({"layoff_evidence"})
    kbli_fields = frozenset()

    def __init__(self, *args, applicant: Mapping[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.applicant = applicant
        self.fields["password1"].help_text = " ".join(password_validation.password_validators_help_texts())

    def _future_user(self) -> User:
        try:
            phone = parse_phone(self.applicant.get("phone"))
        except Invalid:
            phone = self.applicant.get("phone", "")
        # The password may not look like the number the person logs in with (the username
        # field is what UserAttributeSimilarityValidator compares first).
        return User(
            username=phone,
            phone=phone,
            role=Role.PARTICIPANT,
            first_name=self.applicant.get("full_name", "")[:150],
            email=self.applicant.get("email", ""),
        )

    def clean(self):
        cleaned = super().clean()
        password, again = cleaned.get("password1") or "", cleaned.get("password2") or ""
        if not password:
            self.add_error("password1", _("Choose a password."))
        else:
            try:
                password_validation.validate_password(password, user=self._future_user())
            except ValidationError as error:
                self.add_error("password1", error)
            if password != again:
                self.add_error(
                    "password2", _("The two passwords are not the same: type the same password twice.")
                )
        if not cleaned.get("consent"):
            self.add_error("consent", _("Tick the box to give your consent: without it you cannot register."))
        upload = cleaned.get("layoff_evidence")
        if upload:
            try:
                check_evidence(upload)
            except ValueError as error:
                self.add_error("layoff_evidence", str(error))
        return cleaned

    def add_rule_errors(self, errors: Mapping[str, str]) -> None:
        for name in ("consent", "layoff_evidence"):
            if name in errors and name not in self.errors:
                self.add_error(name, errors[name])
