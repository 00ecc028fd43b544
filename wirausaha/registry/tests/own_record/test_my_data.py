"""The personal-data download as a page to read (issue #23 item 11): the record's fields in words,
the messages sent and what was done with the record by its label, with the JSON file beside it."""

import pytest
from django.urls import reverse

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
    assert reverse("registry:my_export") in html
    assert AuditEvent.objects.filter(verb="participant.exported", target_id=str(participant.pk)).exists()
