"""Recording an NIB: declared with its document, unique, a second NIB for the same NIK flagged,
verified (or returned) by a labour office in scope, the milestone set on verification."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from wirausaha.accounts.models import Role
from wirausaha.coaching.models import Milestone
from wirausaha.common.errors import InvalidInput, PermissionDenied
from wirausaha.common.models import AuditEvent
from wirausaha.licensing.actions import declare_nib, return_nib, verify_nib
from wirausaha.licensing.models import Business, ChecklistItem
from wirausaha.notifications.models import Message
from wirausaha.testing import make_user

from .support import PNG, business, owner, pdf

pytestmark = pytest.mark.usefixtures("english")

NIB = "9120001234567"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def declare(b, nib=NIB, *, by=None, document="pdf", **kwargs):
    by = by if by is not None else b.participant.user
    return declare_nib(
        business=b,
        by=by,
        nib=nib,
        issued_on=kwargs.get("issued_on", date(2026, 1, 5)),
        risk_level=kwargs.get("risk_level", "rendah"),
        document=pdf() if document == "pdf" else document,
    )


@pytest.mark.django_db
def test_declaring_completes_the_checklists_first_item_and_opens_halal():
    b = business(owner())
    assert [i.kind for i in b.checklist_items.order_by("order")] == ["nib", "pkp", "spp_irt"]
    declare(b)
    b.refresh_from_db()
    assert (b.nib, b.nib_status, b.risk_level) == (NIB, "declared", "rendah")
    first = b.checklist_items.order_by("order").first()
    assert (first.kind, first.status, first.number, first.done_on) == ("nib", "done", NIB, date(2026, 1, 5))
    assert first.document.name == b.nib_document.name
    assert "halal" in set(b.checklist_items.values_list("kind", flat=True))
    assert AuditEvent.objects.filter(verb="business.nib_declared", target_id=str(b.pk)).exists()


@pytest.mark.django_db
def test_a_declared_nib_does_not_set_the_milestone_verification_does(bekasi_officer):
    b = business(owner())
    declare(b)
    assert not Milestone.objects.filter(participant=b.participant, kind="nib").exists()
    verify_nib(business=b, by=bekasi_officer)
    milestone = Milestone.objects.get(participant=b.participant, kind="nib")
    assert milestone.reached_on == date(2026, 1, 5)
    b.refresh_from_db()
    assert b.nib_status == "verified" and b.nib_verified_by == bekasi_officer
    assert Message.objects.filter(recipient=b.participant.user).exists()


@pytest.mark.parametrize("nib", ["912000123456", "91200012345678", "91200X1234567"])
@pytest.mark.django_db
def test_a_malformed_nib_is_refused_and_nothing_is_written(nib):
    b = business(owner())
    with pytest.raises(InvalidInput) as refused:
        declare(b, nib)
    assert set(refused.value.errors) == {"nib"}
    b.refresh_from_db()
    assert b.nib == "" and b.nib_status == "none"
    assert b.checklist_items.get(kind="nib").status == "not_started"


@pytest.mark.django_db
def test_the_same_nib_on_another_business_is_refused():
    declare(business(owner("ani")))
    other = business(owner("budi", "Budi Santoso"))
    with pytest.raises(InvalidInput) as refused:
        declare(other)
    assert "already recorded" in refused.value.errors["nib"]


@pytest.mark.django_db
def test_the_database_holds_one_business_per_nib_even_past_the_action():
    first, second = business(owner("ani")), business(owner("budi", "Budi Santoso"))
    Business.objects.filter(pk=first.pk).update(nib=NIB, nib_status="declared")
    with pytest.raises(IntegrityError):
        Business.objects.filter(pk=second.pk).update(nib=NIB, nib_status="declared")


@pytest.mark.django_db
def test_a_second_nib_for_the_same_nik_is_a_warning_not_a_refusal(bekasi_officer):
    person = owner()
    first = business(person)
    declare(first)
    second = business(person, name="Warung Bu Ani", kbli_code="47111", home_produced_food=False)
    declare(second, "9120009999999")
    second.refresh_from_db()
    assert second.nib == "9120009999999" and second.nib_status == "declared"
    assert NIB in second.nib_warning
    from wirausaha.licensing.queries import nib_queue

    queue = list(nib_queue(bekasi_officer))
    assert queue[0] == second  # warnings first


@pytest.mark.django_db
def test_an_officer_outside_the_region_cannot_verify(bali_officer, auditor):
    b = business(owner())
    declare(b)
    for outsider in (bali_officer, auditor):
        with pytest.raises(PermissionDenied):
            verify_nib(business=b, by=outsider)
    b.refresh_from_db()
    assert b.nib_status == "declared"


@pytest.mark.django_db
def test_returning_clears_the_nib_and_reopens_the_item(jabar_officer):
    b = business(owner())
    declare(b)
    with pytest.raises(InvalidInput):
        return_nib(business=b, by=jabar_officer, reason=" ")
    return_nib(business=b, by=jabar_officer, reason="Nomor di dokumen berbeda")
    b.refresh_from_db()
    assert (b.nib, b.nib_status, b.nib_review_note) == ("", "rejected", "Nomor di dokumen berbeda")
    assert b.checklist_items.get(kind="nib").status == "in_progress"
    assert not b.checklist_items.get(kind="halal").required
    declare(b, "9120001234568")
    b.refresh_from_db()
    assert b.nib_status == "declared"


@pytest.mark.django_db
def test_a_verified_nib_cannot_be_changed_by_the_participant(national_admin):
    b = business(owner())
    declare(b)
    verify_nib(business=b, by=national_admin)
    with pytest.raises(Exception, match="verified"):
        declare(b, "9120001234568")


@pytest.mark.django_db
def test_only_the_owner_or_their_counselor_declares(counselor):
    b = business(owner())
    stranger = make_user("lain", Role.PARTICIPANT)
    for outsider in (stranger, counselor):
        with pytest.raises(PermissionDenied):
            declare(b, by=outsider)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("nib.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"), "PDF, JPEG or PNG"),
        (SimpleUploadedFile("nib.pdf", b"", "application/pdf"), "empty"),
        (SimpleUploadedFile("nib.png", PNG + b"\x00" * (5 * 1024 * 1024), "image/png"), "the limit is 5 MB"),
    ],
)
@pytest.mark.django_db
def test_bad_uploads_are_refused_with_a_clear_message(upload, message):
    b = business(owner())
    with pytest.raises(InvalidInput) as refused:
        declare(b, document=upload)
    assert message in refused.value.errors["document"]
    b.refresh_from_db()
    assert b.nib == ""


@pytest.mark.django_db
def test_an_nib_without_a_document_is_refused():
    b = business(owner())
    with pytest.raises(InvalidInput) as refused:
        declare(b, document=None)
    assert set(refused.value.errors) == {"document"}


@pytest.mark.django_db
def test_the_stored_file_name_comes_from_the_content_not_the_upload():
    b = business(owner())
    declare(b, document=SimpleUploadedFile("KTP Ani 3216.exe", b"%PDF-1.4 x", "application/octet-stream"))
    b.refresh_from_db()
    assert b.nib_document.name.endswith(".pdf") and "Ani" not in b.nib_document.name
    assert ChecklistItem.objects.get(business=b, kind="nib").document.name == b.nib_document.name
