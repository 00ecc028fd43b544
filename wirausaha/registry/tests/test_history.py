"""A new participant's first history row is the record as stored, with who, when and why, whether
it comes from a registration or an import."""

import io
from datetime import date

import pytest

from wirausaha.registry.actions import register_participant
from wirausaha.registry.history import HISTORY_ONLY
from wirausaha.registry.imports.run import import_participants
from wirausaha.registry.models import Participant, Source
from wirausaha.registry.tests.imports.support import csv_bytes, row

pytestmark = pytest.mark.django_db

EVERYTHING = {
    "nik": "3216014508850003",
    "full_name": "Siti Rahmawati",
    "birth_place": "Bekasi",
    "birth_date": "05/08/1985",
    "sex": "P",
    "phone": "0812-3456-7890",
    "email": "siti@example.id",
    "domicile": "32.16.01.2001",
    "education": "sma",
    "disability": "physical",
    "last_employer": "PT Garmen Sejahtera",
    "employer_sector": "14111",
    "job_title": "Operator jahit",
    "layoff_date": "01/03/2025",
    "layoff_reason": "Pesanan turun",
    "jkp_recipient": True,
    "business_interest_sector": "10761",
    "business_interest": "Warung kopi",
    "existing_business": "Jual kue",
    "existing_business_since": "01/01/2024",
}


def assert_first_row_is_the_record(participant: Participant, *, user, reason) -> None:
    first = participant.history.get()
    for field in first._meta.concrete_fields:
        if field.name not in HISTORY_ONLY:
            assert getattr(first, field.attname) == getattr(participant, field.attname), field.name
    assert (first.history_type, first.history_user, first.history_change_reason) == ("+", user, reason)


def test_a_registration_s_first_history_row_holds_every_field_as_stored(bekasi_officer):
    participant = register_participant(
        data=EVERYTHING, consent=True, by=bekasi_officer, source=Source.OFFICER
    )
    participant.refresh_from_db()

    assert participant.jkp_recipient is True and participant.existing_business_since == date(2024, 1, 1)
    assert_first_row_is_the_record(participant, user=bekasi_officer, reason=None)
    assert participant.history.get().history_date == participant.created_at


def test_an_import_writes_one_first_history_row_per_new_record(bekasi_officer):
    result = import_participants(
        file=io.BytesIO(csv_bytes(row(1), row(2), row(3))), by=bekasi_officer, dry_run=False
    )

    assert result.created == 3
    for participant in Participant.objects.all():
        assert_first_row_is_the_record(participant, user=bekasi_officer, reason="import")
    assert Participant.history.count() == 3
