"""An import that corrects a person's domicile to another regency moves their enrolments to the new
office's lists, as a correction on the web does (registry.actions.regency_changed)."""

import pytest

from wirausaha.programs.models import Enrolment
from wirausaha.registry.models import Participant
from wirausaha.testing import make_selected_wave

from .support import check, csv_bytes, row

pytestmark = pytest.mark.django_db


def test_a_corrected_regency_moves_the_persons_enrolments(jabar_officer):
    check(csv_bytes(row(1)), by=jabar_officer, dry_run=False)
    person = Participant.objects.get()
    wave = make_selected_wave("PINDAH-1", participants=[person], quotas={"32": 5})
    assert Enrolment.objects.get(wave=wave).regency_code == "32.16"

    result = check(csv_bytes(row(1, kode_wilayah="32.73.01.1001")), by=jabar_officer, dry_run=False)

    assert result.updated == 1
    assert Enrolment.objects.get(wave=wave).regency_code == "32.73"
