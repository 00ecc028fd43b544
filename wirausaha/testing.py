"""Small builders for tests: plain functions, no factory graphs."""

import itertools
from datetime import date

from django.utils import timezone

from wirausaha.accounts.actions import create_user
from wirausaha.accounts.models import Organisation, Role, User
from wirausaha.reference.models import Region
from wirausaha.registry.consent import CONSENT_VERSION
from wirausaha.registry.models import Participant, Sex
from wirausaha.registry.nik import build_nik

PASSWORD = "correct-horse-battery-staple"
_serials = itertools.count(1)


def make_organisation(
    name: str, kind: Organisation.Kind = Organisation.Kind.COMMUNITY, region: str | None = None
):
    organisation, _ = Organisation.objects.get_or_create(
        name=name, defaults={"kind": kind, "region_id": region}
    )
    return organisation


def make_user(
    username: str,
    role: Role,
    *,
    region: str | None = None,
    organisation: Organisation | None = None,
    password: str = PASSWORD,
) -> User:
    return create_user(
        username=username,
        password=password,
        role=role,
        by=None,
        first_name=username.capitalize(),
        organisation=organisation,
        scope_region=Region.objects.get(pk=region) if region else None,
    )


def make_participant(
    full_name: str = "Siti Rahmawati",
    *,
    village: str = "32.16.01.2001",
    birth_date: date = date(1985, 8, 5),
    sex: Sex = Sex.FEMALE,
    user: User | None = None,
    phone: str = "+6281234567890",
) -> Participant:
    district = village.rsplit(".", 1)[0] if village.count(".") == 3 else village
    nik = build_nik(district=district, birth_date=birth_date, sex=sex, serial=next(_serials))
    return Participant.objects.create(
        nik=nik,
        full_name=full_name,
        birth_place="Bekasi",
        birth_date=birth_date,
        sex=sex,
        phone=phone,
        domicile_id=village,
        user=user,
        layoff_date=date(2025, 3, 1),
        consent_version=CONSENT_VERSION,
        consent_at=timezone.now(),
    )
