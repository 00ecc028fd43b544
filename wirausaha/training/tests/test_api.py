"""The training API: a cohort's sessions and a session's attendance, read and marked within the
caller's scope. Out of scope is 404; bad marks are a 422 that names the field."""

from datetime import datetime, timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone

from wirausaha.accounts.models import Role
from wirausaha.testing import make_user
from wirausaha.training.models import Attendance

from .support import (  # noqa: F401
    bekasi_centre,
    english_client,
    english_messages,
    fast_password_hasher,
    make_class,
    other_centre,
    session_days_ago,
    session_today,
    trainer_of,
)


@pytest.fixture
def setting(db):
    siti = make_user("siti", Role.PARTICIPANT)
    trainer = trainer_of(bekasi_centre())
    cohort, enrolments = make_class(("Ani", "Budi", "Siti"), trainer=trainer, users={"Siti": siti})
    session = session_today(cohort)
    bali_trainer = trainer_of(other_centre(), "instruktur.bali")
    make_class(("Made",), centre=other_centre(), trainer=bali_trainer)
    return cohort, enrolments, session, trainer, siti, bali_trainer


def post(client, session, body):
    return client.post(f"/api/v1/sessions/{session.pk}/attendance", body, content_type="application/json")


def test_the_sessions_of_a_cohort_in_utc_and_local_time(client, setting, centre_operator):
    cohort, _enrolments, session, trainer, siti, _bali = setting
    client.force_login(centre_operator)

    response = client.get(f"/api/v1/cohorts/{cohort.pk}/sessions")

    assert response.status_code == HTTPStatus.OK
    (row,) = response.json()
    assert row["id"] == session.pk and row["cohort"] == cohort.code and row["jp"] == 4
    assert row["time_zone"] == "WIB" and row["local_start"].endswith("+07:00")
    starts_at = datetime.fromisoformat(row["starts_at"].replace("Z", "+00:00"))
    # In UTC, whatever zone the session was written in (local midnight, just after 17:00 UTC).
    assert starts_at.utcoffset() == timedelta(0)
    assert abs(starts_at - session.starts_at) < timedelta(seconds=1)
    for user in (trainer, siti):
        client.force_login(user)
        assert client.get(f"/api/v1/cohorts/{cohort.pk}/sessions").status_code == HTTPStatus.OK


def test_another_centres_trainer_and_strangers_get_404(client, setting, bali_officer):
    cohort, _enrolments, session, _trainer, _siti, bali_trainer = setting
    stranger = make_user("orang.lain", Role.PARTICIPANT)

    for user in (bali_trainer, stranger, bali_officer):
        client.force_login(user)
        assert client.get(f"/api/v1/cohorts/{cohort.pk}/sessions").status_code == HTTPStatus.NOT_FOUND
        assert client.get(f"/api/v1/sessions/{session.pk}/attendance").status_code == HTTPStatus.NOT_FOUND
        assert post(client, session, {"rest": "present"}).status_code == HTTPStatus.NOT_FOUND
    assert not Attendance.objects.exists()


def test_a_trainer_posts_marks_and_reads_them_back(client, setting):
    _cohort, (ani, budi, siti_enrolment), session, trainer, _siti, _bali = setting
    client.force_login(trainer)

    response = post(
        client, session, {"marks": [{"enrolment_id": budi.pk, "status": "late"}], "rest": "present"}
    )

    assert response.status_code == HTTPStatus.OK
    assert {row["enrolment_id"]: row["status"] for row in response.json()} == {
        ani.pk: "present",
        budi.pk: "late",
        siti_enrolment.pk: "present",
    }
    assert {row["method"] for row in response.json()} == {"trainer"}
    listed = client.get(f"/api/v1/sessions/{session.pk}/attendance").json()
    assert [row["participant_name"] for row in listed] == ["Ani", "Budi", "Siti"]


def test_a_participant_reads_only_their_own_row_and_cannot_mark(client, setting):
    _cohort, (ani, _budi, siti_enrolment), session, _trainer, siti, _bali = setting
    Attendance.objects.create(session=session, enrolment=ani, status="absent", marked_at=timezone.now())
    client.force_login(siti)

    rows = client.get(f"/api/v1/sessions/{session.pk}/attendance").json()
    marked = post(client, session, {"marks": [{"enrolment_id": siti_enrolment.pk, "status": "present"}]})

    assert [(row["enrolment_id"], row["status"]) for row in rows] == [(siti_enrolment.pk, None)]
    assert marked.status_code == HTTPStatus.NOT_FOUND


def test_bad_marks_are_a_422_per_field_and_nothing_is_written(client, setting):
    client = english_client(client)
    _cohort, (ani, _budi, _siti), session, trainer, _siti_user, _bali = setting
    outsider = make_class(("Orang Luar",), centre=other_centre())[1][0]
    client.force_login(trainer)

    wrong_status = post(client, session, {"marks": [{"enrolment_id": ani.pk, "status": "asleep"}]})
    off_roster = post(
        client,
        session,
        {
            "marks": [
                {"enrolment_id": ani.pk, "status": "present"},
                {"enrolment_id": outsider.pk, "status": "late"},
            ]
        },
    )

    assert wrong_status.status_code == 422
    assert [e["field"] for e in wrong_status.json()["errors"]] == ["marks.0.status"]
    assert off_roster.status_code == 422
    assert off_roster.json()["errors"] == [
        {"field": "marks.1.enrolment_id", "message": "Not on this cohort's roster."}
    ]
    assert not Attendance.objects.exists()


def test_a_correction_through_the_api_needs_a_reason(client, setting):
    cohort, (ani, _budi, _siti), _session, trainer, _siti_user, _bali = setting
    yesterday = session_days_ago(cohort, 1)
    client.force_login(trainer)
    body = {"marks": [{"enrolment_id": ani.pk, "status": "present"}]}

    missing = post(client, yesterday, body)
    given = post(client, yesterday, {**body, "reason": "Lupa dicatat"})

    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "reason"
    assert given.status_code == HTTPStatus.OK
    assert yesterday.attendance.get().method == "correction"


def test_the_api_needs_a_login(client, setting):
    _cohort, _enrolments, session, _trainer, _siti, _bali = setting

    assert client.get(f"/api/v1/sessions/{session.pk}/attendance").status_code == HTTPStatus.UNAUTHORIZED
