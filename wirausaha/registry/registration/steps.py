"""The registration's steps: one form per step, on the shared participant fields. At the step that
asks for the NIK, what the NIK encodes (birth date, sex, region) fills in what is still empty, and
what disagrees with it is said at once."""

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ..models import Sex
from ..nik import check_nik
from ..validation import Invalid, parse_nik
from .forms import ParticipantForm, Step

# The box a person ticks when their KTP really says what they typed though the NIK disagrees.
NIK_CHECKED = "nik_checked"
MISMATCHES = (("birth_date_mismatch", "birth_date"), ("sex_mismatch", "sex"))


def read_nik(value: str | None):
    """The parts of a NIK that passes the rules (birth date, sex, region codes), else None."""
    try:
        result = check_nik(parse_nik(value))
    except Invalid:
        return None
    return result if result.valid else None


def nik_places(nik: str | None) -> dict[str, str]:
    """The province, regency and district lists chosen as the NIK's region says (a start: people
    move, and the lists drop a code that no longer exists)."""
    result = read_nik(nik)
    if result is None:
        return {}
    return {"province": result.province, "regency": result.regency, "district": result.district}


class StepForm(ParticipantForm):
    """One step of the registration. At the step that asks for the NIK, a birth date and sex left
    empty are filled in from a valid NIK (`prefilled` names them: the person checks them first),
    and a birth date or sex that disagrees with the NIK is said at once; the person may go on
    when their KTP says what they typed (an officer then checks the flag)."""

    def __init__(self, *args, step: Step, **kwargs):
        self.step = step
        # Whether a NIK or a number is registered already is not said here (issue #25): being
        # registered means being laid off. The last step answers both cases the same way.
        super().__init__(*args, names=step.fields, **kwargs)
        self.prefilled: list[str] = []
        self.nik_mismatch = False
        if self.is_bound and "nik" in self.fields:
            self._prefill_from_nik()

    def _prefill_from_nik(self) -> None:
        typed = self.typed()
        empty = [name for name in ("birth_date", "sex") if name in self.fields and not typed.get(name)]
        result = read_nik(typed.get("nik")) if empty else None
        if result is None:
            return
        data = self.data.copy()
        if "birth_date" in empty and result.birth_date:
            data["birth_date"] = result.birth_date.isoformat()
            self.prefilled.append("birth_date")
        if "sex" in empty and result.sex:
            data["sex"] = result.sex
            self.prefilled.append("sex")
        self.data = data

    def clean(self):
        cleaned = super().clean()
        mismatched = [name for code, name in MISMATCHES if code in self.nik_flags and name in self.fields]
        if mismatched and self.data.get(NIK_CHECKED) != "on":
            self.nik_mismatch = True
            result = read_nik(self.typed().get("nik"))
            for name in mismatched:
                if name not in self.errors and result is not None:
                    self.add_error(name, self._mismatch_text(name, result))
        return cleaned

    def _mismatch_text(self, name: str, result) -> str:
        if name == "birth_date":
            return _(
                "Your NIK gives %(date)s as the date of birth (digits 7 to 12). Check the date and "
                "the NIK against your KTP."
            ) % {"date": date_format(result.birth_date, "j F Y")}
        if result.sex == Sex.FEMALE:
            return _(
                "Your NIK is a woman's: for women 40 is added to the day of birth in the NIK (digits 7 "
                "and 8). Check your sex and the NIK against your KTP."
            )
        return _(
            "Your NIK is a man's: for women 40 would be added to the day of birth in the NIK (digits "
            "7 and 8). Check your sex and the NIK against your KTP."
        )
