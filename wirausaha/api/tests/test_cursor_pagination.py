"""The API lists' cursor (keyset) pagination (issue #17): walking a list by `next_cursor` gives every
row that was there when the walk began exactly once, in the list's order, even while rows are
added before and after the place reached; a deep page by cursor costs the queries of the first."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from wirausaha.common.keyset import columns_of, levels
from wirausaha.programs.models import Enrolment, EnrolmentState
from wirausaha.registry.models import Participant
from wirausaha.testing import make_participant, make_selected_wave

pytestmark = pytest.mark.django_db

NAMES = ["Ani", "Budi", "Cici", "Dodi", "Euis", "Fajar", "Gita"]


def walk(client, url: str, page_size: int, between=None) -> list[dict]:
    """Every page of `url` by cursor; `between(n)` runs after the n-th page."""
    path, _, query = url.partition("?")
    params = dict(part.split("=") for part in query.split("&") if part)
    seen, cursor, n = [], "", 0
    while True:
        response = client.get(
            path, {**params, "page_size": page_size, **({"cursor": cursor} if cursor else {})}
        )
        assert response.status_code == HTTPStatus.OK, response.content
        body = response.json()
        seen.extend(body["items"])
        cursor, n = body["next_cursor"], n + 1
        if cursor is None:
            return seen
        if between is not None:
            between(n)


def test_no_participant_is_skipped_or_repeated_while_rows_are_added(client, national_admin):
    # Several people share each name, so the order's tie-break (the id) is walked too.
    for round_ in range(3):
        for name in NAMES:
            make_participant(f"{name} Lestari", phone=f"+6281200{round_}{len(name):04}")
    before = list(Participant.objects.order_by("full_name", "id").values_list("id", flat=True))
    client.force_login(national_admin)

    def insert(n: int) -> None:
        # One name sorts before every row already read, one after the place reached, one at the end.
        make_participant(f"Aaa {n}")
        make_participant(f"Dodi Lestari {n}")
        make_participant(f"Zaenal {n}")

    seen = [row["id"] for row in walk(client, "/api/v1/participants", 4, insert)]
    assert len(seen) == len(set(seen)), "a row was repeated"
    assert [pk for pk in seen if pk in set(before)] == before, "a row was skipped or out of order"
    names = [row["full_name"] for row in walk(client, "/api/v1/participants", 50)]
    assert names == sorted(names)


def test_a_name_search_is_walked_in_its_ranked_order(client, national_admin):
    for n in range(5):
        make_participant(f"Siti Aminah {n}")
        make_participant(f"Nur Siti {n}")
    client.force_login(national_admin)
    rows = walk(client, "/api/v1/participants?q=siti", 3)
    assert [row["full_name"] for row in rows] == [
        *(f"Siti Aminah {n}" for n in range(5)),
        *(f"Nur Siti {n}" for n in range(5)),
    ]


def test_enrolments_with_empty_ranks_and_regions_are_walked_once(client, national_admin):
    people = [make_participant(f"Peserta {n}") for n in range(9)]
    wave = make_selected_wave("KURSOR-1", participants=people[:5], quotas={"32": 5})
    # Applicants not drawn: no rank; two without a quota (no quota region either).
    for n, person in enumerate(people[5:]):
        Enrolment.objects.create(
            wave=wave,
            participant=person,
            quota=wave.quotas.first() if n < 2 else None,
            state=EnrolmentState.APPLIED,
        )
    client.force_login(national_admin)
    by_page = [row["id"] for row in client.get(f"/api/v1/waves/{wave.code}/enrolments").json()["items"]]
    by_cursor = [row["id"] for row in walk(client, f"/api/v1/waves/{wave.code}/enrolments", 2)]
    assert by_cursor == by_page
    assert len(by_page) == 9
    # The order of PostgreSQL and its index, on every database: an empty rank or region last.
    ordered = Enrolment.objects.filter(wave=wave).order_by(
        F("quota_region").asc(nulls_last=True), F("rank").asc(nulls_last=True), "id"
    )
    assert by_page == [e.pk for e in ordered]
    assert by_page[-2:] == [e.pk for e in Enrolment.objects.filter(wave=wave, quota=None).order_by("id")]


def test_a_page_by_cursor_costs_what_the_first_costs(client, national_admin):
    for n in range(30):
        make_participant(f"Warga {n:02}")
    client.force_login(national_admin)
    first = client.get("/api/v1/participants", {"page_size": 2})
    cursor = first.json()["next_cursor"]
    for _ in range(10):
        cursor = client.get("/api/v1/participants", {"page_size": 2, "cursor": cursor}).json()["next_cursor"]
    with CaptureQueriesContext(connection) as near:
        client.get("/api/v1/participants", {"page_size": 2})
    with CaptureQueriesContext(connection) as deep:
        response = client.get("/api/v1/participants", {"page_size": 2, "cursor": cursor})
    assert [row["full_name"] for row in response.json()["items"]] == ["Warga 22", "Warga 23"]
    # At most one query more: the rows after the cursor may start at the next name (two levels).
    assert len(deep) <= len(near) + 1


def test_the_levels_are_index_ranges_in_the_lists_order():
    queryset = Participant.objects.order_by("-review_rank", "created_at", "id")
    columns = columns_of(queryset)
    assert [(c.name, c.descending) for c in columns] == [
        ("review_rank", True),
        ("created_at", False),
        ("id", False),
    ]
    found = levels(columns, [2, "2025-01-01T00:00:00Z", 7])
    assert [str(q) for q in found] == [
        "(AND: ('review_rank', 2), ('created_at', '2025-01-01T00:00:00Z'), ('id__gt', 7))",
        "(AND: ('review_rank', 2), ('created_at__gt', '2025-01-01T00:00:00Z'))",
        "(AND: ('review_rank__lt', 2))",
    ]


def test_a_damaged_or_foreign_cursor_is_invalid_input(client, national_admin):
    make_participant("Ani")
    client.force_login(national_admin)
    for cursor in ("x", "eyJhIjoxfQ:abc:def"):
        response = client.get("/api/v1/participants", {"cursor": cursor})
        assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY, cursor
        assert response.json()["errors"][0]["field"] == "cursor"
    make_participant("Budi")
    participants = client.get("/api/v1/participants", {"page_size": 1}).json()["next_cursor"]
    wave = make_selected_wave("KURSOR-2", participants=[make_participant("Cici")])
    response = client.get(f"/api/v1/waves/{wave.code}/enrolments", {"cursor": participants})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert response.json()["errors"][0]["field"] == "cursor"
