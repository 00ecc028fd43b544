from datetime import date, datetime

from ninja import Field, Schema

from wirausaha.accounts.scoping import sees_identifiers
from wirausaha.common.masking import mask_nik, mask_phone
from wirausaha.reference.queries import region_name

# The shapes the shared rules (validation.py) accept, so that the schema says what a caller may
# send without making the API stricter than the form and the import: what people type, with
# spaces, dots and hyphens. The patterns are documented, not enforced by the schema: the rules
# alone refuse a value, with a message that says what to fix (a NIK that Excel turned into
# 3.21601E+15). A value of the right shape may still be refused by a rule (a NIK of an unknown
# province, a date in the future): 422, naming the field.
NIK_PATTERN = r"^ *'?[ .\-]*(?:[0-9][ .\-]*){16}$"
PHONE_PATTERN = r"^[ (]*\+?[ (]*(?:[0-9][ ().\-]*){8,15}$"
_DATE = (
    r"[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-][0-9]{4}"  # 05/08/1985, 5-8-1985, 05.08.1985
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[ T][0-9:.+Z\-]*)?"  # 1985-08-05 (a time after it is ignored)
    r"|[0-9]{1,2}(?: +|-)[A-Za-z]+\.?[ \-,]*[0-9]{4}"  # 5 Agustus 1985, 5-Aug-1985
    r"|[0-9]{5}"  # an Excel serial number
)
DATE_PATTERN = rf"^ *(?:{_DATE}) *$"
OPTIONAL_DATE_PATTERN = rf"^ *(?:{_DATE})? *$"
# A district (32.16.01) or village (32.16.01.2001) code, with or without its dots.
DOMICILE_PATTERN = r"^[ .]*(?:[0-9][ .]*){6}(?:(?:[0-9][ .]*){4})?$"
# A KBLI 2020 entry at any level: a kategori letter or a 2- to 5-digit code; empty for none.
KBLI_PATTERN = r"^ *(?:[A-Z]|[0-9]{2,5})? *$"


class ParticipantIn(Schema):
    """Values as people write them; the shared rules (validation.py) check and clean each one."""

    nik: str = Field(
        ...,
        description="16 digits; spaces, dots and hyphens between them are ignored",
        json_schema_extra={"pattern": NIK_PATTERN},
        examples=["3216014508850003"],
    )
    full_name: str = Field(..., examples=["Siti Rahmawati"])
    birth_place: str = ""
    birth_date: str = Field(
        ...,
        description="dd/mm/yyyy, yyyy-mm-dd or “5 Agustus 1985”",
        json_schema_extra={"pattern": DATE_PATTERN},
        examples=["05/08/1985"],
    )
    sex: str = Field(..., description="L or P (also M or F)", examples=["P"])
    phone: str = Field(
        ...,
        description="An Indonesian mobile number: 0812…, 62812… or +62 812…",
        json_schema_extra={"pattern": PHONE_PATTERN},
        examples=["0812 3456 7890"],
    )
    email: str = ""
    domicile: str = Field(
        ...,
        description="Kemendagri district or village code",
        json_schema_extra={"pattern": DOMICILE_PATTERN},
        examples=["32.16.01.2001"],
    )
    education: str = ""
    disability: str = ""
    last_employer: str = ""
    employer_sector: str = Field(
        "", description="KBLI 2020 code", json_schema_extra={"pattern": KBLI_PATTERN}, examples=["10794"]
    )
    job_title: str = ""
    layoff_date: str = Field(..., json_schema_extra={"pattern": DATE_PATTERN}, examples=["01/03/2025"])
    layoff_reason: str = ""
    jkp_recipient: bool | None = None
    business_interest_sector: str = Field(
        "", description="KBLI 2020 code", json_schema_extra={"pattern": KBLI_PATTERN}, examples=["56101"]
    )
    business_interest: str = ""
    existing_business: str = ""
    existing_business_since: str = Field("", json_schema_extra={"pattern": OPTIONAL_DATE_PATTERN})
    consent: bool = Field(..., description="The person agreed to the consent text (registry/consent.py).")


def _identifiers_visible(participant, context) -> bool:
    request = (context or {}).get("request")
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    return user is not None and (sees_identifiers(user) or participant.user_id == user.pk)


class ParticipantOut(Schema):
    id: int
    nik: str
    full_name: str
    birth_place: str
    birth_date: date
    sex: str
    phone: str
    email: str
    domicile: str
    domicile_name: str
    education: str
    disability: str
    layoff_date: date | None
    verification: str
    verification_note: str
    nik_flags: list[str]
    consent_active: bool
    source: str
    created_at: datetime

    @staticmethod
    def resolve_nik(participant, context) -> str:
        return participant.nik if _identifiers_visible(participant, context) else mask_nik(participant.nik)

    @staticmethod
    def resolve_phone(participant, context) -> str:
        return (
            participant.phone if _identifiers_visible(participant, context) else mask_phone(participant.phone)
        )

    @staticmethod
    def resolve_domicile(participant) -> str:
        return participant.domicile_id

    @staticmethod
    def resolve_domicile_name(participant) -> str:
        return region_name(participant.domicile_id)
