from datetime import date, datetime

from ninja import Field, Schema

from wirausaha.accounts.scoping import sees_identifiers
from wirausaha.common.masking import mask_nik, mask_phone
from wirausaha.reference.queries import region_name


class ParticipantIn(Schema):
    """Values as people write them; the shared rules (validation.py) check and clean each one."""

    nik: str = Field(..., examples=["3216014508850003"])
    full_name: str = Field(..., examples=["Siti Rahmawati"])
    birth_place: str = ""
    birth_date: str = Field(..., description="dd/mm/yyyy or yyyy-mm-dd", examples=["05/08/1985"])
    sex: str = Field(..., description="L or P (also M or F)", examples=["P"])
    phone: str = Field(..., examples=["0812 3456 7890"])
    email: str = ""
    domicile: str = Field(..., description="Kemendagri district or village code", examples=["32.16.01.2001"])
    education: str = ""
    disability: str = ""
    last_employer: str = ""
    employer_sector: str = Field("", description="KBLI 2020 code")
    job_title: str = ""
    layoff_date: str = Field(..., examples=["01/03/2025"])
    layoff_reason: str = ""
    jkp_recipient: bool | None = None
    business_interest_sector: str = Field("", description="KBLI 2020 code")
    business_interest: str = ""
    existing_business: str = ""
    existing_business_since: str = ""
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
