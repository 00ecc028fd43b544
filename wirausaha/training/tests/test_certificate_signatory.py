"""The certificate names who signs it (the centre's head, set on the centre's page) and a second
identifier of its holder (the masked NIK), on the PDF and on the public check; and its PDF is
written in the holder's account's language (issue #23 items 11 and 12)."""

import pytest
from django.urls import reverse
from django.utils import translation

from wirausaha.accounts.models import Role
from wirausaha.centres.actions import set_signatory
from wirausaha.common.errors import InvalidInput, NotFound
from wirausaha.common.masking import mask_nik
from wirausaha.common.models import AuditEvent
from wirausaha.testing import make_centre, make_participant, make_user
from wirausaha.training.models import Certificate

from .test_certificates import bekasi_centre, issued, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def signed_centre(by=None):
    centre = bekasi_centre()
    return set_signatory(centre, head_name="Dr. Siti Aminah, S.E.", head_title="Kepala BBPVP Bekasi", by=by)


def test_the_pdf_prints_the_signatory_and_the_masked_nik_beside_the_name(
    national_admin, django_capture_on_commit_callbacks
):
    signed_centre(national_admin)
    participant = make_participant("Rahmat Hidayat")
    with translation.override("en"):  # the staff member's language changes nothing on the paper
        certificate = issued(participant, by=national_admin, capture=django_capture_on_commit_callbacks)
    _, text = pdf_text(certificate)
    words = " ".join(text.split())
    assert "Dr. Siti Aminah, S.E." in words and "Kepala BBPVP Bekasi" in words
    masked = mask_nik(participant.nik)
    assert f"NIK {masked}" in words and participant.nik not in words
    assert "SERTIFIKAT" in text.replace(" ", "")  # a holder without an account: Indonesian


def test_the_public_check_shows_the_same_identifier_and_signatory(client, national_admin):
    signed_centre(national_admin)
    participant = make_participant("Rahmat Hidayat")
    certificate = issued(participant, by=national_admin)
    page = client.get(reverse("verify:document", args=[certificate.document.code])).content.decode()
    assert mask_nik(participant.nik) in page and participant.nik not in page
    assert "Dr. Siti Aminah, S.E." in page and "Kepala BBPVP Bekasi" in page


def test_a_signatory_changed_later_does_not_change_an_issued_certificate(national_admin):
    centre = signed_centre(national_admin)
    certificate = issued(by=national_admin)
    set_signatory(
        centre, head_name="Bambang Sutrisno", head_title="Plt. Kepala BBPVP Bekasi", by=national_admin
    )
    document = Certificate.objects.get(pk=certificate.pk).document
    assert document.fact("signatory_name") == "Dr. Siti Aminah, S.E."
    event = AuditEvent.objects.filter(verb="centre.signatory_changed").latest("pk")
    assert event.changes["head_name"] == ["Dr. Siti Aminah, S.E.", "Bambang Sutrisno"]


def test_the_pdf_is_in_the_holders_language(national_admin, django_capture_on_commit_callbacks):
    signed_centre(national_admin)
    reader_in_english = make_user("rahmat", Role.PARTICIPANT)
    reader_in_english.language = "en"
    reader_in_english.save(update_fields=["language"])
    participant = make_participant("Rahmat Hidayat", user=reader_in_english)
    with translation.override("id"):  # issued by an officer who reads Indonesian
        certificate = issued(participant, by=national_admin, capture=django_capture_on_commit_callbacks)
    assert certificate.document.language == "en"
    _, text = pdf_text(certificate)
    assert "CERTIFICATE" in text.replace(" ", "") and "SERTIFIKAT" not in text.replace(" ", "")
    assert "awarded to" in text and "Issued on" in text


def test_a_signatory_is_refused_without_a_name_or_title_or_with_a_tag(national_admin):
    centre = bekasi_centre()
    with pytest.raises(InvalidInput) as refused:
        set_signatory(centre, head_name="  ", head_title="", by=national_admin)
    assert set(refused.value.errors) == {"head_name", "head_title"}
    with pytest.raises(InvalidInput) as refused:
        set_signatory(centre, head_name="<script>x</script>", head_title="Kepala", by=national_admin)
    assert "“<”" in refused.value.errors["head_name"]
    centre.refresh_from_db()
    assert centre.head_name == ""


def test_only_the_centres_own_operator_or_a_national_admin_sets_its_signatory(client):
    centre = bekasi_centre()
    other = make_centre("BLK Lain", region="32.16", kind="uptd_regency")
    operator = make_user("op.bekasi", Role.CENTRE_OPERATOR, organisation=centre.organisation)
    with pytest.raises(NotFound):
        set_signatory(other, head_name="Siti", head_title="Kepala", by=operator)
    client.force_login(operator)
    url = reverse("centres:centre_signatory", args=[centre.pk])
    assert client.get(reverse("centres:centre_signatory", args=[other.pk])).status_code == 404
    refused = client.post(url, {"head_name": "Siti 😀", "head_title": "Kepala BBPVP Bekasi"})
    assert refused.status_code == 422
    saved = client.post(url, {"head_name": "Siti Aminah", "head_title": "Kepala BBPVP Bekasi"})
    assert saved.status_code == 302
    centre.refresh_from_db()
    assert (centre.head_name, centre.head_title) == ("Siti Aminah", "Kepala BBPVP Bekasi")
    assert "Siti Aminah" in client.get(reverse("centres:centre_detail", args=[centre.pk])).content.decode()
