"""The dashboard page and its exports: scoped by role, small cells suppressed in open data."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from wirausaha.accounts.models import Role
from wirausaha.common.models import AuditEvent
from wirausaha.monitoring.tables import suppress
from wirausaha.testing import make_user

from .support import build_history


def login(client, user):
    client.force_login(user)
    return client


def rows_of(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_small_cells_are_hidden_and_a_total_that_would_reveal_one_is_withheld():
    rows = [{"group": "a", "n": 12, "m": 3}, {"group": "b", "n": 2, "m": 4}, {"group": "c", "n": 30, "m": 9}]
    shown, totals = suppress(rows, ["n", "m"])
    assert [r["n"] for r in shown] == [12, "<5", 30]
    assert [r["m"] for r in shown] == ["<5", "<5", 9]
    # n: one hidden cell, so the total (44) would give it away; m: two hidden, 16 reveals neither.
    assert totals == {"n": "*", "m": 16}
    assert suppress([{"group": "a", "n": 3}], ["n"])[1] == {"n": "<5"}


@pytest.mark.django_db
def test_the_dashboard_shows_the_countrys_funnel_map_and_trends_to_the_admin(client, national_admin):
    build_history()
    response = login(client, national_admin).get(reverse("monitoring:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-step="graduated"' in page
    # 5 applied of 3 verified (two pending people applied): the page says why a step passes 100 %.
    assert "data-funnel-note" in page and "belum terverifikasi sudah boleh mendaftar" in page
    assert page.count("data-province=") == 38
    assert "data-trend" in page
    assert 'data-province-row="51"' in page


@pytest.mark.django_db
def test_a_bad_filter_is_named_on_the_page_and_not_a_500(client, national_admin):
    response = login(client, national_admin).get(reverse("monitoring:dashboard"), {"wave": "NOPE", "by": "x"})
    assert response.status_code == 200
    assert b"field-error" in response.content


@pytest.mark.django_db
def test_roles_without_a_dashboard_get_404(client, counselor, participant_user):
    for user in (counselor, participant_user):
        client.logout()
        assert login(client, user).get(reverse("monitoring:dashboard")).status_code == 404
        assert client.get(reverse("monitoring:export_csv")).status_code == 404


@pytest.mark.django_db
def test_a_labour_office_export_holds_only_its_region_even_in_totals(client, bekasi_officer):
    build_history()
    login(client, bekasi_officer)
    rows = rows_of(client.get(reverse("monitoring:export_csv"), {"by": "province"}))
    assert [r[0] for r in rows[1:-1]] == ["32"]
    # Registered in Bekasi: Ani, Bayu, Eka (Dodi lives in Bandung, Citra in Bali).
    assert rows[-1][1] == "3"
    assert rows[1][1] == "3"
    book = load_workbook(io.BytesIO(client.get(reverse("monitoring:export_xlsx"), {"by": "regency"}).content))
    values = list(book.active.values)
    assert [r[0] for r in values[1:-1]] == ["32.16"]
    assert values[-1][1] == 3
    open_rows = rows_of(client.get(reverse("monitoring:export_open_data"), {"by": "province"}))
    assert open_rows[1][0] == "32"
    assert "51" not in {r[0] for r in open_rows}
    assert AuditEvent.objects.filter(verb="monitoring.exported", actor=bekasi_officer).count() == 3


@pytest.mark.django_db
def test_open_data_hides_counts_under_five(client, national_admin):
    build_history()
    rows = rows_of(
        login(client, national_admin).get(reverse("monitoring:export_open_data"), {"by": "province"})
    )
    header, body = rows[0], rows[1:3]
    registered = header.index("Terdaftar") if "Terdaftar" in header else 1
    assert {r[0]: r[registered] for r in body} == {"32": "<5", "51": "<5"}
    assert rows[3][registered] == "5"


@pytest.mark.django_db
def test_the_ministry_partner_and_a_centre_see_their_dashboards(client):
    history = build_history()
    partner = make_user("kemenumkm.dash", Role.MINISTRY_PARTNER, organisation=history.centre.organisation)
    page = login(client, partner).get(reverse("monitoring:dashboard")).content.decode()
    assert 'data-province-row="51"' in page
