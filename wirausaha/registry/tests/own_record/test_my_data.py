"""The personal-data download as a page to read (issue #23 item 11): the record's fields in words,
the messages sent and what was done with the record by its label, with the JSON file and a PDF of
the same beside it."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from wirausaha.common.models import AuditEvent
from wirausaha.registry.actions import request_correction
from wirausaha.registry.models import Participant

pytestmark = pytest.mark.django_db


def test_a_participant_reads_her_data_in_indonesian_words_with_the_json_file_linked(
    client, participant_user, bekasi_officer
):
    participant = participant_user.participant
    Participant.objects.filter(pk=participant.pk).update(jkp_recipient=True)
    request_correction(participant, by=bekasi_officer, reason="Foto surat PHK buram")
    client.force_login(participant_user)

    html = client.get(reverse("registry:my_data"), HTTP_ACCEPT_LANGUAGE="id").content.decode()

    assert participant.full_name in html
    assert "Ya</dd>" in html and "True" not in html  # the JKP answer in words
    assert "Pendaftaran dikembalikan untuk diperbaiki" in html
    assert "participant.needs_correction" not in html  # an action by its label, not its code
    assert "Foto surat PHK buram" in html
    assert reverse("registry:my_export") in html and reverse("registry:my_data_pdf") in html
    assert AuditEvent.objects.filter(verb="participant.exported", target_id=str(participant.pk)).exists()


def test_the_same_data_as_a_pdf_in_the_readers_language_and_audited(client, participant_user, bekasi_officer):
    participant = participant_user.participant
    Participant.objects.filter(pk=participant.pk).update(jkp_recipient=True)
    request_correction(participant, by=bekasi_officer, reason="Foto surat PHK buram")
    client.force_login(participant_user)
    before = AuditEvent.objects.filter(verb="participant.exported").count()

    response = client.get(reverse("registry:my_data_pdf"), HTTP_ACCEPT_LANGUAGE="id")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="wirausaha-data-saya.pdf"'
    assert "no-store" in response["Cache-Control"]  # personal data: never kept in a cache
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert participant.full_name in text and participant.nik in text
    assert "Data saya" in text and "Pesan yang dikirim kepada Anda" in text
    assert "Ya" in text and "True" not in text
    assert "Pendaftaran dikembalikan untuk diperbaiki" in text and "Foto surat PHK buram" in text
    assert AuditEvent.objects.filter(verb="participant.exported").count() == before + 1


def test_only_the_participant_gets_their_pdf(client, bekasi_officer):
    client.force_login(bekasi_officer)
    assert client.get(reverse("registry:my_data_pdf")).status_code == 404
