"""The checklist in use: made from the rules on save, items updated by the participant (audited),
due dates by their counselor, changes of the business followed."""

from datetime import date, timedelta

import pytest

from wirausaha.common.errors import InvalidInput, PermissionDenied
from wirausaha.common.models import AuditEvent
from wirausaha.licensing.actions import refresh_checklist, save_business, set_due_date, update_item

from .support import business, coach, owner, pdf

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_saving_a_business_builds_its_checklist_in_order_with_guidance():
    b = business(owner())
    items = list(b.checklist_items.order_by("order"))
    assert [i.kind for i in items] == ["nib", "pkp", "spp_irt"]
    assert all(i.rule and i.rule.legal_basis and i.rule.guidance for i in items)
    assert "oss.go.id" in items[0].rule.guidance


@pytest.mark.django_db
def test_a_business_that_changes_keeps_its_history_and_follows_the_rules():
    person = owner()
    b = business(person)
    pkp = b.checklist_items.get(kind="pkp")
    update_item(item=pkp, by=person.user, status="in_progress")
    b = save_business(
        participant=person, by=person.user, business=b, values={**_values(b), "shelf_stable_packaged": False}
    )
    kinds = {i.kind: i for i in b.checklist_items.all()}
    assert kinds["bpom_md"].required and not kinds["spp_irt"].required
    assert kinds["pkp"].status == "in_progress"
    event = AuditEvent.objects.filter(verb="checklist.refreshed", target_id=str(b.pk)).first()
    assert event.changes["added"] == [None, "bpom_md"] and event.changes["no_longer_required"] == [
        None,
        "spp_irt",
    ]


def _values(b):
    from wirausaha.licensing.actions.businesses import FIELDS

    return {field: getattr(b, field) for field in FIELDS}


@pytest.mark.django_db
def test_refreshing_twice_changes_nothing_the_second_time():
    b = business(owner())
    before = AuditEvent.objects.filter(verb="checklist.refreshed").count()
    refresh_checklist(business=b, by=None)
    assert AuditEvent.objects.filter(verb="checklist.refreshed").count() == before
    assert b.checklist_items.count() == 3


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kbli_code", "1079", "exactly 5 digits"),
        ("kbli_code", "99999", "not a KBLI 2020 code"),
        ("village_code", "32.16.01", "not a village code"),
        ("scale", "medium", "micro or small"),
        ("workers", -1, "0 to 999"),
        ("started_on", date.today() + timedelta(days=1), "future"),
    ],
)
@pytest.mark.django_db
def test_a_business_with_a_bad_value_is_refused_naming_the_field(field, value, message):
    from wirausaha.licensing.models import Business

    with pytest.raises(InvalidInput) as refused:
        business(owner(), **{field: value})
    assert message in refused.value.errors[field]
    assert not Business.objects.exists()


@pytest.mark.django_db
def test_done_needs_number_date_and_document():
    person = owner()
    pkp = business(person).checklist_items.get(kind="pkp")
    with pytest.raises(InvalidInput) as refused:
        update_item(item=pkp, by=person.user, status="done")
    assert set(refused.value.errors) == {"number", "done_on", "document"}
    update_item(
        item=pkp,
        by=person.user,
        status="done",
        number="PKP/2026/77",
        done_on=date(2026, 2, 1),
        document=pdf("pkp.pdf"),
    )
    pkp.refresh_from_db()
    assert (pkp.status, pkp.number, pkp.done_on) == ("done", "PKP/2026/77", date(2026, 2, 1))
    assert pkp.document.name.endswith(".pdf")
    event = AuditEvent.objects.get(verb="checklist_item.updated", target_id=str(pkp.pk))
    assert event.changes["status"] == ["not_started", "done"] and event.actor == person.user


@pytest.mark.django_db
def test_not_needed_needs_a_reason():
    person = owner()
    spp = business(person).checklist_items.get(kind="spp_irt")
    with pytest.raises(InvalidInput) as refused:
        update_item(item=spp, by=person.user, status="not_needed", not_needed_reason="  ")
    assert set(refused.value.errors) == {"not_needed_reason"}
    update_item(
        item=spp,
        by=person.user,
        status="not_needed",
        not_needed_reason="Hanya dijual langsung, tanpa kemasan",
    )
    spp.refresh_from_db()
    assert spp.status == "not_needed"


@pytest.mark.django_db
def test_the_nib_item_is_completed_through_the_nib_form_only():
    person = owner()
    nib = business(person).checklist_items.get(kind="nib")
    for status in ("done", "not_needed"):
        with pytest.raises(InvalidInput):
            update_item(
                item=nib,
                by=person.user,
                status=status,
                number="x",
                done_on=date(2026, 1, 1),
                not_needed_reason="x",
            )


@pytest.mark.django_db
def test_only_the_counselor_of_the_participant_sets_due_dates(counselor):
    person = owner()
    mine = coach(person)
    pkp = business(person).checklist_items.get(kind="pkp")
    due = date.today() + timedelta(days=14)
    for outsider in (person.user, counselor):
        with pytest.raises(PermissionDenied):
            set_due_date(item=pkp, by=outsider, due_on=due)
    set_due_date(item=pkp, by=mine, due_on=due)
    pkp.refresh_from_db()
    assert pkp.due_on == due
    assert AuditEvent.objects.filter(
        verb="checklist_item.due_set", target_id=str(pkp.pk), actor=mine
    ).exists()
    with pytest.raises(InvalidInput):
        set_due_date(item=pkp, by=mine, due_on=date.today() - timedelta(days=1))


@pytest.mark.django_db
def test_only_the_owner_updates_items():
    person = owner()
    counselor_user = coach(person)
    pkp = business(person).checklist_items.get(kind="pkp")
    with pytest.raises(PermissionDenied):
        update_item(item=pkp, by=counselor_user, status="in_progress")
