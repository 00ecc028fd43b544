"""The audit trail's plain words: every action code has a label, and stored values read as words."""

import ast
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.utils import translation

from wirausaha.accounts.models import Role
from wirausaha.common.audit_texts import (
    VERBS,
    changes_of,
    changes_of_all,
    is_creation,
    verb_choices,
    verb_label,
)
from wirausaha.common.models import AuditEvent
from wirausaha.registry.models import Verification
from wirausaha.testing import make_participant, make_user

PACKAGE = Path(__file__).resolve().parents[2]


def verbs_in_the_code() -> set[str]:
    """Every action code given as text to record_event or new_event (second argument) or as a
    `verb=` keyword, in the package's code (tests and migrations left out)."""

    def texts(node: ast.expr) -> list[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.IfExp):
            return texts(node.body) + texts(node.orelse)
        return []

    found = set()
    for path in PACKAGE.rglob("*.py"):
        if {"tests", "migrations"} & set(path.relative_to(PACKAGE).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            arguments = [keyword.value for keyword in node.keywords if keyword.arg == "verb"]
            if name in ("record_event", "new_event") and len(node.args) > 1:
                arguments.append(node.args[1])
            for argument in arguments:
                found.update(texts(argument))
    return found


def test_every_action_code_in_the_code_has_a_label():
    verbs = verbs_in_the_code()
    assert len(verbs) > 40, "the scan found too few codes: it no longer reads the code as it is written"
    assert sorted(verbs - set(VERBS)) == []


def test_every_verification_decision_has_a_label():
    # registry.actions writes f"participant.{to}" for each decision the scan above cannot read.
    decisions = {f"participant.{value}" for value in Verification.values if value != Verification.PENDING}
    assert sorted(decisions - set(VERBS)) == []


def test_labels_are_in_indonesian_and_an_unknown_code_is_shown_as_it_is():
    with translation.override("id"):
        assert verb_label("participant.registered") == "Peserta didaftarkan"
        assert verb_label("something.old") == "something.old"
        labels = [label for _, label in verb_choices()]
        assert labels == sorted(labels)
        assert all(label != verb for verb, label in verb_choices())


@pytest.mark.django_db
def test_stored_values_read_as_words():
    person = make_participant("Siti Rahmawati")
    event = AuditEvent(
        verb="participant.updated",
        target_type="registry.participant",
        changes={
            "sex": ["M", "F"],
            "jkp_recipient": [None, True],
            "birth_date": ["1985-01-02", "1985-02-01"],
            "business_interest_sector_id": [None, "10792"],
            "layoff_reason": ["", "Pabrik tutup"],
        },
    )
    with translation.override("id"):
        rows = {change.label: (change.before, change.after) for change in changes_of(event)}
    assert rows["Jenis kelamin"] == ("Laki-laki", "Perempuan")
    assert rows["Penerima manfaat JKP"] == ("—", "Ya")
    assert rows["Tanggal lahir"] == ("02/01/1985", "01/02/1985")
    assert rows["Minat usaha (KBLI)"][1].startswith("10792")
    assert rows["Minat usaha (KBLI)"][1] != "10792", "the sector is named, not only coded"
    assert rows["Alasan PHK"] == ("—", "Pabrik tutup")
    assert person.pk


@pytest.mark.django_db
def test_times_counts_and_unknown_keys():
    event = AuditEvent(
        verb="session.added",
        target_type="training.session",
        changes={
            "starts_at": [None, str(datetime(2026, 11, 29, 1, 0, tzinfo=UTC))],
            "kind": [None, "technical"],
            "jp": [None, 4],
        },
    )
    other = AuditEvent(
        verb="allocation.proposed",
        target_type="allocation.allocationrun",
        changes={
            "total_km": [None, 817.692],
            "people": [None, 12345],
            "1002": [None, 77],
            "new_thing": [1, 2],
        },
    )
    with translation.override("id"):
        rows = {change.label: change.after for change in changes_of(event) + changes_of(other)}
    assert rows["Mulai"] == "29/11/2026 08:00"  # 01:00 UTC is 08:00 in Jakarta, the site's zone
    assert rows["Jenis"] == "Teknis"
    assert rows["Jam pelajaran (JP)"] == "4"
    assert rows["Total jarak (km)"] == "817,7"
    assert rows["Peserta yang akan ditempatkan"] == "12.345"
    assert rows["#1002"] == "77"
    assert rows["New thing"] == "2"


def test_a_completed_class_counts_those_who_did_not_pass_apart_from_those_who_dropped_out():
    event = AuditEvent(
        verb="cohort.completed",
        target_type="centres.cohort",
        changes={"not_passed": [0, 1], "dropped_out_attendance": [0, 2]},
    )
    with translation.override("id"):
        rows = {change.label: change.after for change in changes_of(event)}
    assert rows == {"Tidak lulus": "1", "Putus pelatihan: kehadiran di bawah minimum": "2"}


@pytest.mark.django_db
def test_linked_records_are_named_with_one_query_per_kind_for_a_whole_page(django_assert_num_queries):
    trainers = [make_user(f"pengguna.{i}", Role.AUDITOR) for i in range(5)]  # the key points at a user
    events = [
        AuditEvent(
            verb="session.added", target_type="training.session", changes={"trainer": [None, str(t.pk)]}
        )
        for t in trainers
    ]
    events.append(
        AuditEvent(verb="session.changed", target_type="training.session", changes={"trainer": [1, "x"]})
    )
    with django_assert_num_queries(1):
        rows = changes_of_all(events)
    assert [row[0].after for row in rows[:5]] == [t.username for t in trainers]
    assert rows[5][0].after == "x"  # not a key: shown as stored


def test_a_creation_is_an_event_where_nothing_had_a_value_before():
    assert is_creation(AuditEvent(changes={"rows": [None, 11], "created": [None, 8]}))
    assert is_creation(AuditEvent(changes={}))
    assert not is_creation(AuditEvent(changes={"status": ["open", "closed"], "selected": [0, 63]}))
