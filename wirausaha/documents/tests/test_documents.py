"""Documents without any stage: issued with a number and a fresh code, checked in public with the
facts they state in the order given, and revoked with a reason that the audit trail keeps."""

import re
from datetime import date

import pytest
from django.utils import translation

from wirausaha.accounts.models import Organisation, Role
from wirausaha.common.errors import InvalidInput, PermissionDenied
from wirausaha.common.models import AuditEvent
from wirausaha.documents import views
from wirausaha.documents.actions import AlreadyRevoked, Draft, issue_documents, revoke_document
from wirausaha.documents.models import Document
from wirausaha.testing import make_organisation, make_user


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


def draft(organisation=None, **changes) -> Draft:
    values = {
        "kind": Document.Kind.CERTIFICATE,
        "holder_name": "Siti Rahmawati",
        "title": "Tata Boga",
        "facts": [
            {"key": "course_title", "label": "Course", "value": "Tata Boga"},
            {"key": "dates", "label": "Dates", "type": "period", "value": ["2025-08-04", "2025-08-29"]},
            {"key": "hours_jp", "label": "Hours (JP)", "value": 60},
        ],
        "organisation_id": organisation.pk if organisation else None,
        "time_zone": "Asia/Makassar",
        "series": 7,
    }
    return Draft(**{**values, **changes})


def test_documents_are_issued_in_order_with_a_number_from_their_own_id_and_a_random_code(db):
    documents = issue_documents([draft(holder_name=f"Peserta {i}") for i in range(3)])
    assert [d.holder_name for d in documents] == ["Peserta 0", "Peserta 1", "Peserta 2"]
    for document in documents:
        document.refresh_from_db()
        assert re.fullmatch(rf"WRS/20\d\d/0007/{document.pk:07d}", document.number)
        assert re.fullmatch(r"[A-Z2-7]{24}", document.code) and document.is_valid
    assert issue_documents([]) == []


def test_facts_are_read_back_with_their_types(db):
    (document,) = issue_documents([draft()])
    document.refresh_from_db()
    assert document.fact("dates") == (date(2025, 8, 4), date(2025, 8, 29))
    assert document.fact("hours_jp") == 60 and document.fact("missing") is None
    assert [s["label"] for s in document.statements()] == ["Course", "Dates", "Hours (JP)"]


def test_the_check_page_shows_the_facts_in_the_order_given(client, db):
    (document,) = issue_documents([draft()])
    html = client.get(f"/verify/{document.code}").content.decode()
    assert html.index("Tata Boga") < html.index("2025") < html.index(">60<")


def test_the_issuing_organisation_revokes_with_a_reason_and_it_is_audited(db):
    centre = make_organisation("BLK Uji", Organisation.Kind.TRAINING_CENTRE)
    staff = make_user("operator.uji", Role.CENTRE_OPERATOR, organisation=centre)
    (document,) = issue_documents([draft(centre)])
    with pytest.raises(InvalidInput):
        revoke_document(document, by=staff, reason="  ")
    for outsider in (
        make_user("peserta.uji", Role.PARTICIPANT, organisation=centre),
        make_user("x", Role.AUDITOR),
    ):
        with pytest.raises(PermissionDenied):
            revoke_document(document, by=outsider, reason="coba")
    revoke_document(document, by=staff, reason="Salah terbit")
    document.refresh_from_db()
    assert not document.is_valid and document.revoked_by == staff and document.revoke_reason == "Salah terbit"
    event = AuditEvent.objects.get(verb="certificate.revoked")
    assert event.target_type == "documents.document" and event.target_id == str(document.pk)
    with pytest.raises(AlreadyRevoked):
        revoke_document(document, by=staff, reason="Sekali lagi")


def test_the_printed_number_typed_into_the_check_finds_the_document(client, db):
    """Issue #25 item 3: people type the number from the paper, slashes and all."""
    (document,) = issue_documents([draft()])
    typed = " " + document.number.lower().replace("/", " / ") + " "
    for value in (document.number, typed):
        response = client.get("/verify/", {"code": value})
        assert response.status_code == 302 and response["Location"] == f"/verify/{document.code}", value
    assert client.get(f"/verify/{document.code}").status_code == 200
    # A number no document has, and text no code can hold, are not found (never a server error).
    for value in ("WRS/2026/0003/9999999", "abc/def?x", "WRS/2026"):
        response = client.get("/verify/", {"code": value})
        assert response.status_code == 404, value
        assert response["Cache-Control"] == "no-store"


def test_looking_up_printed_numbers_is_throttled_per_address_but_codes_are_not(client, db):
    # Numbers run in sequence: a script walking them would read every holder's name.
    (document,) = issue_documents([draft()])
    limit = views.NUMBER_LOOKUPS_PER_ADDRESS
    answers = [client.get("/verify/", {"code": f"WRS/2026/0003/{n:07d}"}).status_code for n in range(limit)]
    assert set(answers) == {404}
    assert client.get("/verify/", {"code": document.number}).status_code == 429
    assert client.get("/verify/", {"code": document.code}).status_code == 302
    assert client.get("/verify/", {"code": document.number}, REMOTE_ADDR="10.0.0.9").status_code == 302
