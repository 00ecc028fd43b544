"""The complaints' lists cost the same number of queries with 2 cases or 40 (no query per row);
tests/web/test_list_queries.py checks them again with every other list."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wirausaha.accounts.models import Role
from wirausaha.testing import make_user

from .support import bekasi_centre, grow_grievances, officer

pytestmark = pytest.mark.django_db

URLS = ["/pengaduan/antrean/", "/pengaduan/antrean/?all=1", "/pengaduan/eskalasi/", "/api/v1/grievance-cases"]


def _counts(clients) -> dict:
    counts = {}
    for name, client in clients.items():
        for url in URLS:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, (name, url)
            counts[(name, url)] = len(queries)
    return counts


def test_the_complaint_lists_do_not_cost_more_queries_with_more_rows():
    national = officer("aduan.pusat")
    regional = officer("aduan.jabar", region="32")
    admin = make_user("admin.aduan", Role.NATIONAL_ADMIN)
    clients = {}
    for user in (national, regional, admin):
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    centre = bekasi_centre()
    grow_grievances(centre, 3)
    _counts(clients)
    small = _counts(clients)
    grow_grievances(centre, 40)
    assert _counts(clients) == small
