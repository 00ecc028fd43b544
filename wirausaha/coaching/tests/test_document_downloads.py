"""The coaching documents page and its downloads: the participant gets their approved plan's PDF
and their letter; their counselor gets them from the caseload; another counselor gets 404."""

from datetime import date, time

import pytest

from wirausaha.coaching import actions
from wirausaha.coaching.models import BusinessPlan, CoachingSession
from wirausaha.coaching.rendering import render_plan
from wirausaha.documents.rendering import render_document

from .support import counselor, graduates
from .test_documents import approved  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(approved, national_admin):  # noqa: F811
    siti, dewi = approved
    session = actions.plan_session(
        participant=siti, by=dewi.user, day=date(2025, 10, 6), start=time(9), mode="in_person"
    )
    actions.record_session(session, by=dewi.user, status=CoachingSession.Status.HELD)
    letter = actions.issue_mentoring_letter(participant=siti, by=dewi.user)
    (other,) = graduates(("Made",), village="51.71.01.1001", wave_code="PHK-2025-B")
    wayan = counselor("wayan", district="51.71.01", by=national_admin)
    actions.reassign_participant(participant=other, counselor=wayan, by=national_admin, reason="Uji")
    return siti, dewi, letter, wayan


def _pdf(response) -> bytes:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def test_while_the_pdfs_are_drawn_the_page_says_so_and_a_download_comes_back(client, drawn):
    siti, _dewi, letter, _wayan = drawn
    client.force_login(siti.user)
    html = client.get("/pendampingan/saya/").content.decode()
    assert 'href="/pendampingan/saya/dokumen/"' in html
    html = client.get("/pendampingan/saya/dokumen/").content.decode()
    assert letter.document.number in html and "data-download-letter" not in html
    response = client.get(f"/pendampingan/surat/{letter.pk}/unduh/")
    assert response.status_code == 302 and response["Location"] == "/pendampingan/saya/dokumen/"


def test_the_participant_downloads_their_plan_and_letter(client, drawn):
    siti, _dewi, letter, _wayan = drawn
    render_plan(BusinessPlan.objects.get(participant=siti))
    assert render_document(letter.document)
    client.force_login(siti.user)
    html = client.get("/pendampingan/saya/dokumen/").content.decode()
    assert "data-download-plan" in html and "data-download-letter" in html
    assert _pdf(client.get("/pendampingan/saya/rencana.pdf")).startswith(b"%PDF")
    assert _pdf(client.get(f"/pendampingan/surat/{letter.pk}/unduh/")).startswith(b"%PDF")


def test_the_counselor_downloads_from_the_caseload_and_another_counselor_gets_404(client, drawn):
    siti, dewi, letter, wayan = drawn
    render_plan(BusinessPlan.objects.get(participant=siti))
    assert render_document(letter.document)
    client.force_login(dewi.user)
    caseload = client.get("/pendampingan/kasus/").content.decode()
    assert f'href="/pendampingan/kasus/{siti.pk}/dokumen/"' in caseload
    assert client.get(f"/pendampingan/kasus/{siti.pk}/dokumen/").status_code == 200
    assert _pdf(client.get(f"/pendampingan/kasus/{siti.pk}/rencana.pdf")).startswith(b"%PDF")
    assert _pdf(client.get(f"/pendampingan/surat/{letter.pk}/unduh/")).startswith(b"%PDF")

    client.force_login(wayan.user)
    for path in (
        f"/pendampingan/kasus/{siti.pk}/dokumen/",
        f"/pendampingan/kasus/{siti.pk}/rencana.pdf",
        f"/pendampingan/surat/{letter.pk}/unduh/",
        "/pendampingan/surat/999999/unduh/",
    ):
        assert client.get(path).status_code == 404, path


def test_a_plan_not_yet_approved_has_no_pdf_to_download(client, drawn):
    siti, _dewi, _letter, _wayan = drawn
    BusinessPlan.objects.filter(participant=siti).update(status=BusinessPlan.Status.RETURNED)
    client.force_login(siti.user)
    assert client.get("/pendampingan/saya/rencana.pdf").status_code == 404
    assert "data-download-plan" not in client.get("/pendampingan/saya/dokumen/").content.decode()


def test_the_participant_does_not_use_the_counselors_doors_to_their_own_plan(client, drawn):
    siti, _dewi, _letter, _wayan = drawn
    render_plan(BusinessPlan.objects.get(participant=siti))
    client.force_login(siti.user)
    for path in (
        f"/pendampingan/kasus/{siti.pk}/rencana/",
        f"/pendampingan/kasus/{siti.pk}/rencana.pdf",
        f"/pendampingan/kasus/{siti.pk}/dokumen/",
    ):
        assert client.get(path).status_code == 404, path
    assert client.get("/pendampingan/saya/rencana.pdf").status_code == 200
