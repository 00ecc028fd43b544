"""Free text (reasons, notes) and the people who acted, as readers who see NIKs masked see them
(issue #25): an auditor reads the trail and a participant's page without NIKs or phone numbers."""

import pytest

from wirausaha.registry.actions import request_correction, request_nik_change
from wirausaha.registry.tests.imports.support import nik

pytestmark = pytest.mark.django_db

OTHER_NIK = nik(77)
REASON = f"NIK asli {OTHER_NIK}, hubungi 0812-3456-7890 atau +62 813 9876 5432"


def hidden_and_masked(html: str) -> None:
    assert OTHER_NIK not in html and "3456-7890" not in html and "9876 5432" not in html
    assert OTHER_NIK[:6] + "******" + OTHER_NIK[-4:] in html
    assert "0812****890" in html and "+62813****432" in html


@pytest.fixture
def reasons(participant_user, bekasi_officer):
    participant = participant_user.participant
    request_correction(participant, by=bekasi_officer, reason=REASON)
    request_nik_change(participant, new_nik=nik(78), reason=REASON, by=participant_user)
    return participant


def test_an_auditor_reads_reasons_in_the_audit_trail_masked(client, auditor, reasons):
    client.force_login(auditor)

    html = client.get("/akun/audit/").content.decode()

    assert "verification" in html or "participant." in html
    hidden_and_masked(html)


def test_an_auditor_reads_reasons_on_the_participants_page_and_history_masked(client, auditor, reasons):
    client.force_login(auditor)

    html = client.get(f"/peserta/{reasons.pk}/").content.decode()

    hidden_and_masked(html)


def test_a_national_admin_reads_reasons_in_full(client, national_admin, reasons):
    client.force_login(national_admin)

    html = client.get("/akun/audit/").content.decode()

    assert OTHER_NIK in html and "0812-3456-7890" in html
