"""The rules of creating, changing and cancelling a cohort, at their boundaries, with the audit
row each change leaves."""

from datetime import date

import pytest

from wirausaha.accounts.models import Organisation, Role
from wirausaha.centres.actions import CohortClosed, cancel_cohort, create_cohort, update_cohort
from wirausaha.centres.models import Cohort, TrainingCentre
from wirausaha.common.errors import DomainError, InvalidInput, NotFound
from wirausaha.common.models import AuditEvent
from wirausaha.programs.actions import transition
from wirausaha.programs.models import EnrolmentState
from wirausaha.testing import (
    make_centre,
    make_cohort,
    make_course,
    make_organisation,
    make_participant,
    make_selected_wave,
    make_user,
    place_in_cohort,
)

pytestmark = pytest.mark.django_db

START, END = date(2027, 1, 18), date(2027, 2, 12)


@pytest.fixture
def bekasi():
    """BBPVP Bekasi: the centre that is the `centre_operator` persona's organisation."""
    return make_centre("BBPVP Bekasi", region="32.75", kind="bbpvp")


@pytest.fixture
def trainer(bekasi):
    return make_user("ani", Role.TRAINER, organisation=bekasi.organisation)


def create(centre, by, **changes):
    values = {"course": make_course(), "starts_on": START, "ends_on": END, "seats": 16, "trainers": []}
    values.update(changes)
    return create_cohort(centre=centre, by=by, **values)


def test_an_operator_creates_a_planned_cohort_with_the_centres_next_code(centre_operator, bekasi, trainer):
    first = create(bekasi, centre_operator, trainers=[trainer])
    second = create(bekasi, centre_operator, starts_on=END, ends_on=END)  # one day is enough

    assert first.code == f"KLS-{bekasi.pk:05d}-001"
    assert second.code == f"KLS-{bekasi.pk:05d}-002"
    assert first.status == Cohort.Status.PLANNED
    assert list(first.trainers.all()) == [trainer]
    event = AuditEvent.objects.get(verb="cohort.created", target_id=str(first.pk))
    assert event.actor == centre_operator
    assert event.changes["seats"] == [None, 16]
    assert event.changes["trainers"] == [None, "ani"]


def test_numbers_continue_after_cohorts_made_elsewhere(centre_operator, bekasi):
    make_cohort(bekasi, code=f"KLS-{bekasi.pk:05d}-007")
    make_cohort(bekasi, code="ANGKATAN-1")
    assert create(bekasi, centre_operator).code == f"KLS-{bekasi.pk:05d}-008"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": date(2027, 1, 17)}, "ends_on"),
        ({"seats": 0}, "seats"),
        ({"seats": 101}, "seats"),
    ],
)
def test_a_cohort_needs_an_end_after_its_start_and_1_to_100_seats(centre_operator, bekasi, changes, field):
    with pytest.raises(InvalidInput) as refused:
        create(bekasi, centre_operator, **changes)
    assert set(refused.value.errors) == {field}
    assert not Cohort.objects.exists()
    assert not AuditEvent.objects.filter(verb="cohort.created").exists()


@pytest.mark.parametrize("seats", [1, 100])
def test_one_and_a_hundred_seats_are_allowed(centre_operator, bekasi, seats):
    assert create(bekasi, centre_operator, seats=seats).seats == seats


def test_only_active_trainers_of_the_centre_can_teach(centre_operator, bekasi, trainer):
    elsewhere = make_centre("BPVP Surakarta", region="33.72", kind="bpvp")
    outsider = make_user("budi", Role.TRAINER, organisation=elsewhere.organisation)
    colleague = make_user("citra", Role.CENTRE_OPERATOR, organisation=bekasi.organisation)
    retired = make_user("dedi", Role.TRAINER, organisation=bekasi.organisation)
    retired.is_active = False
    retired.save()

    for wrong in (outsider, colleague, retired):
        with pytest.raises(InvalidInput) as refused:
            create(bekasi, centre_operator, trainers=[trainer, wrong])
        assert set(refused.value.errors) == {"trainers"}
        assert wrong.display_name in refused.value.errors["trainers"]
    assert not Cohort.objects.exists()


def test_a_retired_course_or_an_inactive_centre_opens_no_cohort(centre_operator, bekasi):
    course = make_course()
    course.is_active = False
    course.save()
    with pytest.raises(InvalidInput) as refused:
        create(bekasi, centre_operator, course=course)
    assert set(refused.value.errors) == {"course"}

    TrainingCentre.objects.filter(pk=bekasi.pk).update(status=TrainingCentre.Status.INACTIVE)
    with pytest.raises(DomainError, match="not active"):
        create(bekasi, centre_operator)


def test_an_operator_of_another_centre_cannot_use_the_actions(bekasi):
    other = make_centre("BPVP Surakarta", region="33.72", kind="bpvp")
    stranger = make_user("operator.solo", Role.CENTRE_OPERATOR, organisation=other.organisation)
    cohort = make_cohort(bekasi)

    with pytest.raises(NotFound):
        create(bekasi, stranger)
    with pytest.raises(NotFound):
        update_cohort(cohort, starts_on=START, ends_on=END, seats=10, trainers=[], by=stranger)
    with pytest.raises(NotFound):
        cancel_cohort(cohort, reason="no", by=stranger)
    cohort.refresh_from_db()
    assert (cohort.seats, cohort.status) == (16, Cohort.Status.PLANNED)


def test_a_national_admin_manages_any_centres_cohorts(national_admin, bekasi):
    cohort = create(bekasi, national_admin)
    update_cohort(cohort, starts_on=START, ends_on=END, seats=20, trainers=[], by=national_admin)
    assert Cohort.objects.get(pk=cohort.pk).seats == 20


def test_an_edit_changes_dates_seats_and_trainers_and_records_what_changed(centre_operator, bekasi, trainer):
    cohort = create(bekasi, centre_operator)

    update_cohort(
        cohort,
        starts_on=START,
        ends_on=date(2027, 2, 19),
        seats=20,
        trainers=[trainer],
        by=centre_operator,
    )

    cohort.refresh_from_db()
    assert (cohort.ends_on, cohort.seats, cohort.status) == (date(2027, 2, 19), 20, Cohort.Status.PLANNED)
    assert list(cohort.trainers.all()) == [trainer]
    event = AuditEvent.objects.get(verb="cohort.updated", target_id=str(cohort.pk))
    assert event.changes == {
        "ends_on": ["2027-02-12", "2027-02-19"],
        "seats": [16, 20],
        "trainers": ["", "ani"],
    }


def test_an_edit_follows_the_creation_rules(centre_operator, bekasi):
    cohort = create(bekasi, centre_operator)
    edit = {"starts_on": START, "ends_on": END, "seats": 16, "trainers": []}
    for changes, field in [
        ({"ends_on": date(2027, 1, 1)}, "ends_on"),
        ({"seats": 101}, "seats"),
    ]:
        with pytest.raises(InvalidInput) as refused:
            update_cohort(cohort, by=centre_operator, **{**edit, **changes})
        assert set(refused.value.errors) == {field}
    cohort.refresh_from_db()
    assert (cohort.ends_on, cohort.seats, cohort.status) == (END, 16, Cohort.Status.PLANNED)


@pytest.mark.parametrize("status", [Cohort.Status.FINISHED, Cohort.Status.CANCELLED])
def test_a_finished_or_cancelled_cohort_is_not_changed_or_cancelled(centre_operator, bekasi, status):
    cohort = make_cohort(bekasi, status=status)
    with pytest.raises(CohortClosed):
        update_cohort(cohort, starts_on=START, ends_on=END, seats=10, trainers=[], by=centre_operator)
    with pytest.raises(CohortClosed):
        cancel_cohort(cohort, reason="late", by=centre_operator)
    cohort.refresh_from_db()
    assert (cohort.seats, cohort.status) == (16, status)


def test_cancelling_needs_a_reason_that_the_audit_trail_keeps(centre_operator, bekasi):
    cohort = create(bekasi, centre_operator)
    with pytest.raises(InvalidInput) as refused:
        cancel_cohort(cohort, reason="   ", by=centre_operator)
    assert set(refused.value.errors) == {"reason"}

    cancel_cohort(cohort, reason="Terlalu sedikit peserta", by=centre_operator)

    assert Cohort.objects.get(pk=cohort.pk).status == Cohort.Status.CANCELLED
    event = AuditEvent.objects.get(verb="cohort.cancelled", target_id=str(cohort.pk))
    assert (event.actor, event.reason) == (centre_operator, "Terlalu sedikit peserta")
    assert event.changes == {"status": ["planned", "cancelled"]}


def test_an_operator_whose_organisation_is_no_centre_manages_nothing(bekasi):
    office = make_organisation("Balai tanpa data", Organisation.Kind.TRAINING_CENTRE)
    operator = make_user("operator.x", Role.CENTRE_OPERATOR, organisation=office)
    with pytest.raises(NotFound):
        create(bekasi, operator)


def _three_placed_in(cohort):
    people = [make_participant(f"Peserta {i}") for i in range(3)]
    wave = make_selected_wave(participants=people)
    return place_in_cohort(cohort, wave.enrolments.all())


def test_seats_cannot_drop_below_the_people_already_placed(centre_operator, bekasi):
    cohort = make_cohort(bekasi, starts_on=START, ends_on=END, seats=16)
    _three_placed_in(cohort)
    values = {"starts_on": START, "ends_on": END, "trainers": []}

    with pytest.raises(InvalidInput) as refused:
        update_cohort(cohort, seats=2, by=centre_operator, **values)
    assert "3" in refused.value.errors["seats"]
    update_cohort(cohort, seats=3, by=centre_operator, **values)
    cohort.refresh_from_db()
    assert cohort.seats == 3


def test_a_cohort_with_people_placed_cannot_be_cancelled(centre_operator, bekasi):
    cohort = make_cohort(bekasi, starts_on=START, ends_on=END)
    placements = _three_placed_in(cohort)

    with pytest.raises(CohortClosed):
        cancel_cohort(cohort, reason="Instruktur sakit", by=centre_operator)
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.PLANNED

    # Once they have withdrawn, the seats are free and the cohort may be cancelled.
    for placement in placements:
        transition(placement.enrolment, EnrolmentState.WITHDRAWN, by=None, reason="test")
    cancel_cohort(cohort, reason="Instruktur sakit", by=centre_operator)
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.CANCELLED
