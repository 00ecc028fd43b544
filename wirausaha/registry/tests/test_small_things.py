"""Small things people notice on a participant's page and in messages (issue #23 item 11): the JKP
answer in words, the phone in the form people dial it, "synthetic demo data" said once, and
"Anda" capitalised in Django's own password messages."""

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts
from django.urls import reverse
from django.utils import translation

from wirausaha.registry.models import Participant
from wirausaha.testing import make_participant

pytestmark = pytest.mark.django_db


def page_of(client, user, participant) -> str:
    client.force_login(user)
    url = reverse("registry:participant_detail", args=[participant.pk])
    return client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()


def test_a_demo_participants_page_says_synthetic_once_and_jkp_unknown_as_tidak_tahu(client, national_admin):
    participant = make_participant("Siti Rahmawati")
    Participant.objects.filter(pk=participant.pk).update(is_synthetic=True, source="demo", jkp_recipient=None)

    html = page_of(client, national_admin, participant)

    assert html.count("Data demo sintetis") + html.count("Rekaman demo sintetis") == 1
    assert "<dd>Tidak tahu</dd>" in html and "Tidak diketahui" not in html
    assert "0812-3456-7890" in html and "+6281234567890</a>" not in html


def test_a_masked_phone_keeps_the_form_people_dial(client, auditor):
    html = page_of(client, auditor, make_participant("Siti Rahmawati"))

    assert "0812-****-*890" in html and "+62812" not in html


def test_django_password_rules_say_anda_with_a_capital():
    with translation.override("id"):
        texts = " ".join(str(text) for text in password_validators_help_texts())
    assert "anda" not in texts.replace("Anda", "")
    assert "Kata sandi Anda tidak boleh seluruhnya terdiri dari angka." in texts
