"""Placing a wave: proposing a run (what the solver gets and what is stored), confirming or
discarding it, and re-running after confirmation; manual moves are in test_moves.py. Data is built
with the builders below on top of wirausaha.testing."""

from datetime import date

import pytest

from wirausaha.accounts.models import Role
from wirausaha.allocation import optimizer
from wirausaha.allocation.actions import (
    AllocationError,
    CapacityConflict,
    RunStateError,
    confirm_run,
    discard_run,
    placement_inputs,
    propose_run,
)
from wirausaha.allocation.models import AllocationRun, Placement
from wirausaha.allocation.queries import cohort_roster, seated_counts
from wirausaha.centres.models import Cohort, TrainingCentre
from wirausaha.common.errors import InvalidInput, PermissionDenied
from wirausaha.common.models import AuditEvent
from wirausaha.notifications.models import Message
from wirausaha.programs.actions import WaveStateError, transition
from wirausaha.programs.models import Enrolment, EnrolmentEvent, EnrolmentState, Wave
from wirausaha.reference.models import Region
from wirausaha.testing import (
    make_centre,
    make_cohort,
    make_course,
    make_participant,
    make_selected_wave,
    make_user,
    place_in_cohort,
)

S = EnrolmentState
TARUMAJAYA = "32.16.01.2001"  # Kabupaten Bekasi, about 22 km from the Bekasi centre below
BABELAN = "32.16.02.2001"  # Kabupaten Bekasi
BANDUNG = "32.73.01.1001"  # Kota Bandung, about 100 km from Bekasi
DENPASAR = "51.71.01.1001"  # Bali: no cohort within 75 km of it in these tests
BEKASI_POINT = (-6.2474, 107.1485)
BANDUNG_POINT = (-6.9147, 107.6098)
CIKARANG_POINT = (-6.2615, 107.1528)


# Builders ---------------------------------------------------------------------------------


def people(count: int, village: str = TARUMAJAYA, *, sector: str | None = "10", name: str = "Peserta"):
    made = []
    for i in range(count):
        participant = make_participant(f"{name} {village} {i}", village=village)
        if sector:
            participant.business_interest_sector_id = sector
            participant.save(update_fields=["business_interest_sector"])
        made.append(participant)
    return made


def centre(short_name: str, point=BEKASI_POINT, region: str = "32.16") -> TrainingCentre:
    return make_centre(short_name, region=region, lat=point[0], lng=point[1])


def cohort(where: TrainingCentre, seats: int, *, sector: str = "10", **fields) -> Cohort:
    course = make_course(f"K-{sector}", title=f"Kursus {sector}", sector=sector)
    return make_cohort(where, course, seats=seats, **fields)


def wave_of(participants, code: str = "PHK-2025-9") -> Wave:
    return make_selected_wave(code, participants=participants, quotas={"32": 100, "51": 100})


def assignments(run: AllocationRun) -> dict[int, int | None]:
    return dict(run.placements.values_list("enrolment_id", "cohort_id"))


def proposed(wave: Wave, by=None, **params) -> AllocationRun:
    return propose_run(wave=wave, by=by, **params).run


# Proposing -------------------------------------------------------------------------------------


def test_a_run_places_as_many_as_seats_allow_and_says_why_the_rest_are_not(db, national_admin):
    bekasi = centre("BLK Bekasi")
    near = cohort(bekasi, 2)
    cohort(centre("BLK Bandung", BANDUNG_POINT, "32.73"), 5)  # 100 km away: out of reach
    wave = wave_of([*people(3), *people(1, DENPASAR)])

    proposal = propose_run(wave=wave, by=national_admin, max_km=75, sector_mismatch_km=25)

    run = proposal.run
    assert (run.status, run.people, run.placed, run.unplaced) == (AllocationRun.Status.PROPOSED, 4, 2, 2)
    assert (run.cohorts, run.seats, run.max_km, run.sector_mismatch_km) == (2, 7, 75, 25)
    assert run.created_by == national_admin and run.total_seconds >= run.solve_seconds > 0
    assert proposal.unplaced_reasons == {"all_reachable_cohorts_full": 1, "no_cohort_within_max_km": 1}
    placed = run.placements.filter(cohort__isnull=False)
    assert placed.count() == 2 and {p.cohort_id for p in placed} == {near.pk}
    assert run.placements.get(enrolment__participant__domicile_id=DENPASAR).unplaced_reason == (
        Placement.Unplaced.NO_COHORT_WITHIN_MAX_KM
    )
    # Nothing happens to the enrolments until the run is confirmed.
    assert set(wave.enrolments.values_list("state", flat=True)) == {S.SELECTED}
    event = AuditEvent.objects.get(verb="allocation.proposed")
    assert (event.actor, event.target_id, event.changes["placed"]) == (national_admin, str(run.pk), [None, 2])
    assert event.target_label == f"{wave.code} #{run.pk}"


def test_the_stored_explanations_are_the_solvers(db):
    bekasi, cikarang = centre("BLK Bekasi"), centre("BLK Cikarang", CIKARANG_POINT)
    cohort(bekasi, 1, sector="10")
    cohort(bekasi, 2, sector="47")
    cohort(cikarang, 3, sector="10")
    wave = wave_of(
        [*people(3), *people(2, BABELAN, sector="47"), *people(1, sector=None), *people(1, DENPASAR)]
    )
    inputs = placement_inputs(wave)
    expected = optimizer.solve(inputs.people, inputs.cohorts, params=optimizer.Params(75, 25))

    run = proposed(wave)

    assert (run.placed, run.unplaced) == (expected.placed, len(expected.unplaced)) == (6, 1)
    assert run.total_km == pytest.approx(expected.total_km)
    assert run.total_cost == pytest.approx(expected.total_cost)
    for placement in run.placements.all():
        explanation = expected.explanations.get(placement.enrolment_id)
        if explanation is None:
            assert placement.unplaced_reason == expected.unplaced[placement.enrolment_id]
            continue
        assert placement.cohort_id == explanation.cohort_id
        assert placement.distance_km == pytest.approx(explanation.distance_km)
        assert placement.sector_match == explanation.sector_match
        assert placement.cost == pytest.approx(explanation.cost)
        next_best = explanation.next_best
        assert placement.next_best_cohort_id == (next_best.cohort_id if next_best else None)
        assert placement.next_best_why_not == (next_best.why_not if next_best else "")
        if next_best:
            assert placement.next_best_km == pytest.approx(next_best.distance_km)
            assert placement.next_best_cost == pytest.approx(next_best.cost)
    # Someone without a stated interest is never penalised.
    no_interest = run.placements.get(enrolment__participant__business_interest_sector__isnull=True)
    assert no_interest.sector_match is True


def test_people_are_located_at_their_district_else_their_regency_else_not_at_all(db):
    cohort(centre("BLK Bekasi"), 10)
    at_district, at_regency, nowhere = people(1, TARUMAJAYA), people(1, BABELAN), people(1, BANDUNG)
    Region.objects.filter(code="32.16.02").update(latitude=None, longitude=None)  # Babelan
    Region.objects.filter(code__in=["32.73.01", "32.73"]).update(latitude=None)  # Bandung, both
    wave = wave_of([*at_district, *at_regency, *nowhere])
    enrolment = {e.participant_id: e.pk for e in wave.enrolments.all()}

    inputs = placement_inputs(wave)

    located = {p.id: (p.lat, p.lng) for p in inputs.people}
    assert located == {
        enrolment[at_district[0].pk]: pytest.approx((-6.121856, 106.99746)),
        enrolment[at_regency[0].pk]: pytest.approx((-6.219747, 107.121712)),
    }
    assert inputs.no_location == [enrolment[nowhere[0].pk]]
    run = proposed(wave)
    assert run.placements.get(enrolment__participant=nowhere[0]).unplaced_reason == "no_location"
    assert (run.people, run.placed, run.unplaced) == (3, 2, 1)


def test_seats_held_in_other_waves_are_not_offered_again(db):
    centre_ = centre("BLK Bekasi")
    shared = cohort(centre_, 3)
    earlier = wave_of(people(3, name="Lama"), code="PHK-2025-1")
    seated = list(earlier.enrolments.all())
    place_in_cohort(shared, seated[:2])
    transition(seated[1], S.WITHDRAWN, by=None)  # a withdrawal frees the seat again
    wave = wave_of(people(4))

    run = proposed(wave)

    assert (run.seats, run.placed, run.unplaced) == (2, 2, 2)
    assert seated_counts([shared.pk]) == {shared.pk: 1}


def test_only_open_cohorts_of_active_centres_inside_the_training_window_are_used(db):
    open_centre, closed_centre = centre("BLK Bekasi"), centre("BLK Tutup", CIKARANG_POINT)
    TrainingCentre.objects.filter(pk=closed_centre.pk).update(status=TrainingCentre.Status.INACTIVE)
    inside = cohort(open_centre, 1, starts_on=date(2025, 8, 1), ends_on=date(2025, 9, 30))
    cohort(open_centre, 5, starts_on=date(2025, 7, 28), ends_on=date(2025, 8, 20))  # starts too early
    cohort(open_centre, 5, starts_on=date(2025, 9, 1), ends_on=date(2025, 10, 3))  # ends too late
    cohort(open_centre, 5, status=Cohort.Status.CANCELLED)
    cohort(open_centre, 5, status=Cohort.Status.RUNNING)
    cohort(closed_centre, 5)
    wave = wave_of(people(3))

    run = proposed(wave)

    assert (run.cohorts, run.seats, run.placed) == (1, 1, 1)
    assert set(assignments(run).values()) == {inside.pk, None}


def test_the_same_input_gives_the_same_placement(db):
    bekasi, cikarang = centre("BLK Bekasi"), centre("BLK Cikarang", CIKARANG_POINT)
    for where in (bekasi, cikarang, bekasi):
        cohort(where, 2)
    wave = wave_of([*people(4), *people(3, BABELAN)])

    first, second = proposed(wave), proposed(wave)

    assert assignments(first) == assignments(second)
    assert first.total_cost == second.total_cost
    explained = ["cohort_id", "distance_km", "next_best_cohort_id", "next_best_why_not"]
    assert list(first.placements.order_by("enrolment_id").values_list(*explained)) == list(
        second.placements.order_by("enrolment_id").values_list(*explained)
    )


def test_a_dry_run_counts_but_writes_nothing(db):
    cohort(centre("BLK Bekasi"), 2)
    wave = wave_of(people(3))
    before = (AllocationRun.objects.count(), Placement.objects.count(), AuditEvent.objects.count())

    proposal = propose_run(wave=wave, by=None, dry_run=True)

    assert proposal.run.pk is None
    assert (proposal.run.placed, proposal.run.unplaced) == (2, 1)
    assert (AllocationRun.objects.count(), Placement.objects.count(), AuditEvent.objects.count()) == before


def test_a_run_needs_a_drawn_wave_with_a_training_window_and_someone_to_place(db, jabar_officer):
    cohort(centre("BLK Bekasi"), 2)
    wave = wave_of(people(1))
    with pytest.raises(PermissionDenied):
        propose_run(wave=wave, by=jabar_officer)
    with pytest.raises(InvalidInput) as bad:
        propose_run(wave=wave, by=None, max_km=0, sector_mismatch_km=-1)
    assert set(bad.value.errors) == {"max_km", "sector_mismatch_km"}
    Wave.objects.filter(pk=wave.pk).update(training_ends_on=None)
    with pytest.raises(AllocationError, match="no training window"):
        propose_run(wave=wave, by=None)
    Wave.objects.filter(pk=wave.pk).update(training_ends_on=date(2025, 9, 30), status=Wave.Status.CLOSED)
    with pytest.raises(WaveStateError):
        propose_run(wave=wave, by=None)
    empty = make_selected_wave("PHK-2025-8")
    with pytest.raises(AllocationError, match="waiting for a place"):
        propose_run(wave=empty, by=None)
    assert not AllocationRun.objects.exists()


# Confirming and discarding ---------------------------------------------------------------------


def test_confirming_places_the_enrolments_tells_each_participant_and_discards_the_rest(
    db, national_admin, django_capture_on_commit_callbacks
):
    bekasi = make_centre("BLK Bekasi", region="32.16", lat=BEKASI_POINT[0], lng=BEKASI_POINT[1])
    TrainingCentre.objects.filter(pk=bekasi.pk).update(address="Jl. Raya Tambun No. 1")
    near = cohort(bekasi, 2)
    siti = make_user("siti", Role.PARTICIPANT)
    with_account = make_participant("Siti Rahmawati", village=TARUMAJAYA, user=siti)
    wave = wave_of([with_account, *people(2)])
    other = proposed(wave, max_km=50)
    run = proposed(wave)

    with django_capture_on_commit_callbacks(execute=True):
        confirm_run(run, by=national_admin)

    run.refresh_from_db()
    other.refresh_from_db()
    assert (run.status, run.decided_by) == (AllocationRun.Status.CONFIRMED, national_admin)
    assert other.status == AllocationRun.Status.DISCARDED
    placed = wave.enrolments.filter(state=S.PLACED)
    assert set(placed.values_list("pk", flat=True)) == set(
        run.placements.filter(cohort__isnull=False).values_list("enrolment_id", flat=True)
    )
    assert placed.count() == 2 and wave.enrolments.filter(state=S.SELECTED).count() == 1
    assert EnrolmentEvent.objects.filter(to_state=S.PLACED, actor=national_admin).count() == 2
    assert set(cohort_roster(near)) == set(placed)
    event = AuditEvent.objects.get(verb="allocation.confirmed")
    assert event.changes["placed"] == [0, 2] and event.changes["discarded"] == [0, 1]
    if wave.enrolments.get(participant=with_account).state == S.PLACED:
        message = Message.objects.get(recipient=siti)
        # Told in Indonesian, the interface's default language, whatever the admin reads.
        assert near.code in message.body and "BLK Bekasi" in message.body
        assert "Jl. Raya Tambun No. 1" in message.body and "4 Agustus 2025" in message.body
        assert "Anda" in message.body
    else:
        assert not Message.objects.filter(recipient=siti).exists()


def test_every_placed_participant_with_an_account_is_told(db, django_capture_on_commit_callbacks):
    cohort(centre("BLK Bekasi"), 3)
    users = [make_user(f"p{i}", Role.PARTICIPANT) for i in range(3)]
    wave = wave_of(
        [make_participant(f"P {i}", village=TARUMAJAYA, user=user) for i, user in enumerate(users)]
    )
    run = proposed(wave)
    with django_capture_on_commit_callbacks(execute=True):
        confirm_run(run, by=None)
    assert Message.objects.filter(recipient__in=users).count() == 3


def test_a_run_is_confirmed_once_and_a_discarded_run_never(db, national_admin):
    cohort(centre("BLK Bekasi"), 2)
    wave = wave_of(people(2))
    first, second = proposed(wave), proposed(wave)
    confirm_run(first, by=national_admin)
    with pytest.raises(RunStateError):
        confirm_run(first, by=national_admin)
    with pytest.raises(RunStateError):  # discarded by the first confirmation
        confirm_run(second, by=national_admin)
    third = proposed(make_selected_wave("PHK-2025-7", participants=people(1, name="Lain")))
    discard_run(third, by=national_admin, reason="wrong parameters")
    with pytest.raises(RunStateError):
        confirm_run(third, by=national_admin)
    assert AuditEvent.objects.get(verb="allocation.discarded").reason == "wrong parameters"
    assert AllocationRun.objects.filter(status=AllocationRun.Status.CONFIRMED).count() == 1


def test_confirming_is_refused_when_the_seats_were_taken_meanwhile(db, national_admin):
    shared = cohort(centre("BLK Bekasi"), 2)
    wave = wave_of(people(2))
    run = proposed(wave)
    elsewhere = wave_of(people(1, name="Lain"), code="PHK-2025-2")
    place_in_cohort(shared, elsewhere.enrolments.all())

    with pytest.raises(CapacityConflict, match=shared.code):
        confirm_run(run, by=national_admin)

    run.refresh_from_db()
    assert run.status == AllocationRun.Status.PROPOSED
    assert set(wave.enrolments.values_list("state", flat=True)) == {S.SELECTED}
    assert len(cohort_roster(shared)) == 1


def test_a_cancelled_cohort_blocks_the_confirmation(db, national_admin):
    planned = cohort(centre("BLK Bekasi"), 2)
    run = proposed(wave_of(people(1)))
    Cohort.objects.filter(pk=planned.pk).update(status=Cohort.Status.CANCELLED)
    with pytest.raises(CapacityConflict):
        confirm_run(run, by=national_admin)


def test_only_a_national_admin_decides_on_a_run(db, jabar_officer, auditor):
    cohort(centre("BLK Bekasi"), 2)
    run = proposed(wave_of(people(1)))
    for user in (jabar_officer, auditor):
        with pytest.raises(PermissionDenied):
            confirm_run(run, by=user)
        with pytest.raises(PermissionDenied):
            discard_run(run, by=user)


def test_after_confirmation_a_new_run_places_only_those_still_waiting_in_the_seats_left(
    db, national_admin, django_capture_on_commit_callbacks
):
    bekasi = centre("BLK Bekasi")
    first_cohort = cohort(bekasi, 2)
    wave = wave_of(people(3))
    first = proposed(wave)
    confirm_run(first, by=national_admin)
    left_out = wave.enrolments.get(state=S.SELECTED)
    seated_before = dict(wave.enrolments.filter(state=S.PLACED).values_list("pk", "placements__cohort_id"))
    # One more person promoted from the waitlist, and a new cohort opened nearby.
    late = make_selected_wave("PHK-2025-X", participants=people(1, name="Susulan")).enrolments.get()
    Enrolment.objects.filter(pk=late.pk).update(wave=wave)
    second_cohort = cohort(centre("BLK Cikarang", CIKARANG_POINT), 1)

    follow_up = proposed(wave, by=national_admin)

    assert follow_up.people == 2 and set(assignments(follow_up)) == {left_out.pk, late.pk}
    assert follow_up.seats == 1  # the first cohort is full
    with django_capture_on_commit_callbacks(execute=True):
        confirm_run(follow_up, by=national_admin)

    first.refresh_from_db()
    follow_up.refresh_from_db()
    assert (first.status, follow_up.status) == (AllocationRun.Status.CONFIRMED, AllocationRun.Status.MERGED)
    # Everyone seated before keeps their seat; the confirmed run now holds every person once.
    seating = assignments(first)
    assert {pk: seating[pk] for pk in seated_before} == seated_before
    assert set(seating) == set(wave.enrolments.values_list("pk", flat=True))
    assert sorted(seating[pk] for pk in (left_out.pk, late.pk) if seating[pk] is not None) == [
        second_cohort.pk
    ]
    assert len(cohort_roster(first_cohort)) == 2 and len(cohort_roster(second_cohort)) == 1
    assert wave.enrolments.filter(state=S.PLACED).count() == 3
    with pytest.raises(AllocationError, match="waiting for a place"):
        proposed(make_selected_wave("PHK-2025-Y"))


def test_the_class_notice_is_written_in_the_language_of_each_participants_account(
    db, national_admin, django_capture_on_commit_callbacks
):
    cohort(centre("BLK Bekasi"), 2)
    reader, other = make_user("reader", Role.PARTICIPANT), make_user("other", Role.PARTICIPANT)
    reader.language = "en"
    reader.save(update_fields=["language"])
    wave = wave_of([make_participant(f"P {u}", village=TARUMAJAYA, user=u) for u in (reader, other)])

    with django_capture_on_commit_callbacks(execute=True):
        confirm_run(proposed(wave), by=national_admin)

    english, indonesian = Message.objects.get(recipient=reader), Message.objects.get(recipient=other)
    assert english.subject == f"Your training class in {wave.code}"
    assert "August 2025" in english.body and "nobody may ask you for a fee" in english.body
    assert (english.event, english.language, english.params["start"]) == ("placed", "en", "4 August 2025")
    assert indonesian.subject == f"Kelas pelatihan Anda di gelombang {wave.code}"
    assert indonesian.params["start"] == "4 Agustus 2025"
