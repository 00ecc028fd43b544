"""QR check-in: the code on the trainer's screen is signed, names its session and expires in two
minutes; a participant on the roster checks in once, during the session. Expired, tampered,
foreign, early, late and reused codes are refused with a clear message."""

from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone

from wirausaha.accounts.models import Role
from wirausaha.centres.models import Cohort
from wirausaha.common.models import AuditEvent
from wirausaha.programs.models import Enrolment, EnrolmentState
from wirausaha.testing import make_user
from wirausaha.training import checkin
from wirausaha.training.actions import CheckInRefused, check_in, mark_attendance
from wirausaha.training.models import Attendance

from .support import (  # noqa: F401
    JAKARTA,
    add_session,
    bekasi_centre,
    english_client,
    english_messages,
    fast_password_hasher,
    make_class,
    other_centre,
    session_days_ago,
    session_days_ahead,
    session_today,
    trainer_of,
)


@pytest.fixture
def english(client):
    return english_client(client)


T0 = datetime(2025, 8, 4, 1, 0, tzinfo=UTC)  # 08:00 WIB


# The code and its verdict (no database) ------------------------------------------------------


def test_a_code_reads_back_its_session_and_time():
    code = checkin.read_code(checkin.issue_code(42, T0))

    assert (code.session_id, code.issued_at) == (42, T0)


@pytest.mark.parametrize(
    "edit",
    [
        lambda code: code.replace("42.", "43.", 1),  # another session
        lambda code: code.replace(str(int(T0.timestamp())), str(int(T0.timestamp()) + 600)),  # later
        lambda code: code[:-2] + ("AA" if not code.endswith("AA") else "BB"),  # signature
        lambda code: "42." + str(int(T0.timestamp())),  # unsigned
        lambda code: "nonsense",
    ],
)
def test_a_changed_or_made_up_code_is_invalid(edit):
    with pytest.raises(checkin.InvalidCode):
        checkin.read_code(edit(checkin.issue_code(42, T0)))


def verdict(*, issued=T0, seen=None, now=None, starts=T0, ends=T0 + timedelta(hours=3)):
    now = now or issued
    return checkin.judge(
        checkin.Code(1, issued), seen_at=seen or now, now=now, starts_at=starts, ends_at=ends
    )


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, checkin.Verdict.PRESENT),
        ({"seen": T0 + timedelta(minutes=2)}, checkin.Verdict.PRESENT),  # opened just in time
        ({"seen": T0 + timedelta(minutes=2, seconds=1)}, checkin.Verdict.EXPIRED),
        ({"seen": T0 + timedelta(minutes=1), "now": T0 + timedelta(minutes=11)}, checkin.Verdict.PRESENT),
        ({"seen": T0 + timedelta(minutes=1), "now": T0 + timedelta(minutes=12)}, checkin.Verdict.EXPIRED),
        ({"issued": T0 + timedelta(minutes=15)}, checkin.Verdict.PRESENT),
        ({"issued": T0 + timedelta(minutes=15, seconds=1)}, checkin.Verdict.LATE),
        ({"issued": T0 - timedelta(minutes=30)}, checkin.Verdict.PRESENT),
        ({"issued": T0 - timedelta(minutes=31)}, checkin.Verdict.NOT_YET),
        ({"issued": T0 + timedelta(hours=3, minutes=15)}, checkin.Verdict.LATE),
        ({"issued": T0 + timedelta(hours=3, minutes=16)}, checkin.Verdict.OVER),
        # Outside the window, that is the answer whatever the code's age: a new code would not help.
        (
            {"issued": T0 + timedelta(hours=3), "now": T0 + timedelta(hours=3, minutes=16)},
            checkin.Verdict.OVER,
        ),
        ({"issued": T0 - timedelta(hours=2), "now": T0 - timedelta(minutes=31)}, checkin.Verdict.NOT_YET),
    ],
)
def test_the_verdict_at_each_boundary(kwargs, expected):
    assert verdict(**kwargs) == expected


# Checking in -------------------------------------------------------------------------------


@pytest.fixture
def siti(db):
    return make_user("siti", Role.PARTICIPANT)


@pytest.fixture
def budi_user(db):
    return make_user("budi", Role.PARTICIPANT)


@pytest.fixture
def running(siti, budi_user):
    trainer = trainer_of(bekasi_centre())
    cohort, enrolments = make_class(
        ("Siti", "Budi", "Citra"), trainer=trainer, users={"Siti": siti, "Budi": budi_user}
    )
    return cohort, enrolments, session_today(cohort), trainer


def refusal(code, user, **kwargs) -> str:
    with pytest.raises(CheckInRefused) as refused:
        check_in(code, by=user, **kwargs)
    return refused.value.reason


def test_a_participant_on_the_roster_checks_in_as_present_and_training_starts(running, siti):
    cohort, (_budi, _citra, siti_enrolment), session, _trainer = running
    now = session.starts_at + timedelta(minutes=5)

    attendance = check_in(checkin.issue_code(session.pk, now), by=siti, now=now)

    assert (attendance.enrolment, attendance.status, attendance.method) == (siti_enrolment, "present", "qr")
    assert attendance.marked_by == siti and attendance.marked_at == now
    siti_enrolment.refresh_from_db()
    cohort.refresh_from_db()
    assert siti_enrolment.state == EnrolmentState.IN_TRAINING
    assert cohort.status == Cohort.Status.RUNNING
    assert AuditEvent.objects.get(verb="attendance.checked_in").changes == {
        str(siti_enrolment.pk): [None, "present"]
    }


def test_checking_in_more_than_15_minutes_after_the_start_is_late(running, siti):
    _cohort, _enrolments, session, _trainer = running
    now = session.starts_at + timedelta(minutes=20)

    assert check_in(checkin.issue_code(session.pk, now), by=siti, now=now).status == "late"


def test_an_expired_code_is_refused(running, siti):
    _cohort, _enrolments, session, _trainer = running
    issued = session.starts_at
    code = checkin.issue_code(session.pk, issued)

    assert refusal(code, siti, now=issued + timedelta(minutes=3)) == "expired"
    assert not Attendance.objects.exists()


def test_a_tampered_code_is_refused(running, siti):
    _cohort, _enrolments, session, _trainer = running
    now = session.starts_at
    code = checkin.issue_code(session.pk, now)
    forged = code.replace(f"{session.pk}.", f"{session.pk + 1}.", 1)

    assert refusal(forged, siti, now=now) == "invalid"
    assert refusal(code + "x", siti, now=now) == "invalid"


def test_another_cohorts_session_code_is_refused(running, siti):
    other, _ = make_class(("Made",), centre=other_centre())
    foreign = session_today(other)
    now = foreign.starts_at

    assert refusal(checkin.issue_code(foreign.pk, now), siti, now=now) == "not_on_roster"


def test_a_code_shown_before_or_after_the_session_is_refused(running, siti):
    cohort, _enrolments, _session, _trainer = running
    yesterday, tomorrow = session_days_ago(cohort, 1), session_days_ahead(cohort, 1)
    now = timezone.now()

    assert refusal(checkin.issue_code(yesterday.pk, now), siti, now=now) == "over"
    assert refusal(checkin.issue_code(tomorrow.pk, now), siti, now=now) == "not_yet"


def test_someone_not_on_the_roster_is_refused(running):
    _cohort, _enrolments, session, trainer = running
    stranger = make_user("orang.lain", Role.PARTICIPANT)
    now = session.starts_at
    code = checkin.issue_code(session.pk, now)

    assert refusal(code, stranger, now=now) == "not_on_roster"
    assert refusal(code, trainer, now=now) == "not_on_roster"


def test_once_the_cohort_is_finished_its_people_are_told_so_not_that_they_are_not_on_the_roster(
    running, siti
):
    cohort, (_budi, _citra, siti_enrolment), session, _trainer = running
    Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.FINISHED)
    Enrolment.objects.filter(pk=siti_enrolment.pk).update(state=EnrolmentState.NOT_PASSED)
    now = session.starts_at

    assert refusal(checkin.issue_code(session.pk, now), siti, now=now) == "closed"


def test_a_second_check_in_and_a_screenshot_passed_on_later_are_refused(running, siti, budi_user):
    _cohort, _enrolments, session, _trainer = running
    issued = session.starts_at
    code = checkin.issue_code(session.pk, issued)
    check_in(code, by=siti, now=issued + timedelta(seconds=30))

    assert refusal(code, siti, now=issued + timedelta(minutes=1)) == "already_checked_in"
    # Budi gets a photo of the code five minutes later, from somewhere else.
    assert refusal(code, budi_user, now=issued + timedelta(minutes=5)) == "expired"
    assert Attendance.objects.count() == 1


def test_a_check_in_after_the_trainer_marked_is_refused_and_keeps_the_mark(running, siti):
    _cohort, (_budi, _citra, siti_enrolment), session, trainer = running
    mark_attendance(session, by=trainer, marks={siti_enrolment.pk: "absent"})
    now = timezone.now()

    assert refusal(checkin.issue_code(session.pk, now), siti, now=now) == "already_checked_in"
    assert session.attendance.get(enrolment=siti_enrolment).status == "absent"


def test_a_code_opened_in_time_may_be_confirmed_after_signing_in(running, siti):
    _cohort, _enrolments, session, _trainer = running
    issued = session.starts_at
    code = checkin.issue_code(session.pk, issued)

    attendance = check_in(
        code, by=siti, seen_at=issued + timedelta(minutes=1), now=issued + timedelta(minutes=6)
    )

    assert attendance.status == "present"


# The pages ---------------------------------------------------------------------------------


def test_the_trainer_shows_a_fresh_qr_code_that_the_page_replaces_every_minute(client, running):
    _cohort, _enrolments, session, trainer = running
    client.force_login(trainer)

    response = client.get(f"/pelatihan/sesi/{session.pk}/qr/")

    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "<svg" in page and "<path" in page
    assert response["Refresh"] == "60"
    assert response["Cache-Control"] == "no-store"
    assert f"/pelatihan/hadir/{session.pk}." in page


def test_no_code_is_shown_outside_the_session_and_never_to_a_participant(client, running, siti):
    cohort, _enrolments, session, trainer = running
    tomorrow = session_days_ahead(cohort, 1)
    client.force_login(trainer)

    later = client.get(f"/pelatihan/sesi/{tomorrow.pk}/qr/")
    client.force_login(siti)
    participant = client.get(f"/pelatihan/sesi/{session.pk}/qr/")

    assert later.status_code == HTTPStatus.OK and "<svg" not in later.content.decode()
    assert participant.status_code == HTTPStatus.NOT_FOUND


def test_after_the_window_the_trainers_page_says_check_in_is_closed_and_shows_no_code(english, running):
    cohort, _enrolments, _session, trainer = running
    # 08:00-11:00 WIB two days ago: check-in was open from 07:30 to 11:15.
    earlier = session_days_ago(cohort, 2, trainer=trainer)
    english.force_login(trainer)

    response = english.get(f"/pelatihan/sesi/{earlier.pk}/qr/")

    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "<svg" not in page and "/pelatihan/hadir/" not in page
    assert 'data-window="over"' in page
    day = earlier.starts_at.astimezone(JAKARTA).strftime("%-d %B %Y")
    assert f"Check-in is closed: it was open on {day} from 07:30 to 11:15 WIB." in page
    assert f'href="/pelatihan/sesi/{earlier.pk}/"' in page  # to mark the attendance instead
    assert "Refresh" not in response


def test_before_the_window_the_trainers_page_says_when_it_opens(english, running):
    cohort, _enrolments, _session, trainer = running
    tomorrow = session_days_ahead(cohort, 1, trainer=trainer)
    english.force_login(trainer)

    response = english.get(f"/pelatihan/sesi/{tomorrow.pk}/qr/")

    page = response.content.decode()
    assert "<svg" not in page and 'data-window="not_yet"' in page
    day = tomorrow.starts_at.astimezone(JAKARTA).strftime("%-d %B %Y")
    assert f"Check-in is not open yet. It opens on {day} at 07:30 and closes at 11:15 WIB" in page


def test_near_the_end_of_the_window_no_code_outlives_it_and_the_page_reloads_when_it_closes(english, running):
    cohort, _enrolments, _session, trainer = running
    # Three hours long, its check-in window closes 30 seconds from now.
    closes = timezone.now() + timedelta(seconds=30)
    ending = add_session(
        cohort, starts_at=closes - checkin.CLOSES_AFTER - timedelta(hours=3), jp=4, trainer=trainer
    )
    english.force_login(trainer)

    response = english.get(f"/pelatihan/sesi/{ending.pk}/qr/")

    page = response.content.decode()
    assert "<svg" in page and 'data-window="open"' in page
    local_close = (ending.ends_at + checkin.CLOSES_AFTER).astimezone(JAKARTA)
    assert f"Valid until {local_close:%H:%M:%S} WIB" in page
    assert f"Check-in closes at {local_close:%H:%M} WIB." in page
    assert 1 <= int(response["Refresh"]) <= 31


def test_a_participant_who_scans_after_the_window_is_told_it_closed_and_when(english, running, siti):
    cohort, _enrolments, _session, trainer = running
    earlier = session_days_ago(cohort, 2, trainer=trainer)
    # A code shown near the end of that session's window, opened now.
    url = f"/pelatihan/hadir/{checkin.issue_code(earlier.pk, earlier.ends_at + timedelta(minutes=14))}/"
    english.force_login(siti)

    shown = english.get(url)
    confirmed = english.post(url)

    day = earlier.starts_at.astimezone(JAKARTA).strftime("%-d %B %Y")
    for response in (shown, confirmed):
        assert response.status_code == HTTPStatus.BAD_REQUEST
        page = response.content.decode()
        assert 'data-refusal="over"' in page
        assert f"Check-in for this session closed on {day} at 11:15 WIB." in page
        assert "Ask the trainer to mark your attendance." in page
        assert earlier.topic in page and "08:00–11:00 WIB" in page
        assert "expired" not in page
    assert not Attendance.objects.exists()


def test_a_participant_who_signs_in_too_slowly_is_told_the_window_closed(running, siti):
    _cohort, _enrolments, session, _trainer = running
    closes = session.ends_at + checkin.CLOSES_AFTER
    code = checkin.issue_code(session.pk, closes - timedelta(minutes=1))

    assert refusal(code, siti, seen_at=closes - timedelta(seconds=30), now=closes + timedelta(minutes=2)) == (
        "over"
    )


def test_a_participant_scans_signs_in_and_confirms(client, running, siti):
    cohort, (_budi, _citra, siti_enrolment), _today, trainer = running
    # Half an hour ago even just after local midnight, when `session_today` starts at midnight.
    session = add_session(cohort, starts_at=timezone.now() - timedelta(minutes=30), trainer=trainer)
    url = f"/pelatihan/hadir/{checkin.issue_code(session.pk, timezone.now())}/"

    first = client.get(url)
    assert first.status_code == HTTPStatus.FOUND and first["Location"].startswith("/masuk/?next=")
    client.force_login(siti)  # keeps the session, as signing in does
    confirm = client.get(url)
    done = client.post(url)

    assert confirm.status_code == HTTPStatus.OK and 'method="post"' in confirm.content.decode()
    assert done.status_code == HTTPStatus.OK
    # The session began half an hour ago.
    assert 'data-checked-in="late"' in done.content.decode()
    assert session.attendance.get(enrolment=siti_enrolment).method == "qr"


def test_an_expired_code_says_so_in_indonesian(client, running, siti):
    _cohort, _enrolments, session, _trainer = running
    url = f"/pelatihan/hadir/{checkin.issue_code(session.pk, timezone.now() - timedelta(minutes=5))}/"
    client.force_login(siti)

    response = client.get(url)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    page = response.content.decode()
    assert 'data-refusal="expired"' in page
    assert "Kode sudah kedaluwarsa" in page and "minta instruktur menampilkan kode baru" in page
    assert client.post(url).status_code == HTTPStatus.BAD_REQUEST
    assert not Attendance.objects.exists()


def test_a_made_up_code_is_refused_on_the_page(english, siti, running):
    english.force_login(siti)

    response = english.get("/pelatihan/hadir/123.456:abc/")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "This code is not valid" in response.content.decode()
