"""DATABASE_REPLICA_URL: the dashboard and its exports read from a read-only replica, every write
and every other page from the primary. The router on its own (any database), then the real thing:
a second PostgreSQL cluster streaming from the first (replica_cluster.py)."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection, connections
from django.db.utils import InternalError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wirausaha.accounts.models import Role, User
from wirausaha.operations.replica import REPLICA, ReplicaRouter, reads_from_replica
from wirausaha.registry.models import Participant
from wirausaha.testing import make_participant, make_user

from .replica_cluster import streaming_replica_cluster, wait_for_replay
from .support import require_postgresql


def _add_replica_alias(**changes) -> None:
    # Kept open across the test's requests, and opened here: the test case admits no connection
    # to an alias it was not told of, unless the connection is already open.
    connections.settings[REPLICA] = {**connection.settings_dict, "CONN_MAX_AGE": None, **changes}
    connections[REPLICA].connect()


def _remove_replica_alias() -> None:
    if REPLICA in connections.settings:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


@pytest.fixture
def replica_alias(db):
    """The alias `replica` pointing at the test database itself, as the test settings mirror it."""
    _add_replica_alias()
    yield
    _remove_replica_alias()


def test_without_a_replica_every_read_stays_on_default():
    router = ReplicaRouter()
    with reads_from_replica():
        assert router.db_for_read(Participant) is None
    assert router.db_for_write(Participant) == "default"


def test_inside_a_dashboard_read_the_router_chooses_the_replica_for_data_and_never_for_writes(replica_alias):
    router = ReplicaRouter()
    assert router.db_for_read(Participant) is None  # outside a dashboard view: default
    with reads_from_replica():
        assert router.db_for_read(Participant) == REPLICA
        # Who is asking is read from the primary, so a fresh login is never lost to replication lag.
        assert router.db_for_read(Session) is None
        assert router.db_for_read(User) is None
        assert router.db_for_write(Participant) == "default"
    assert router.db_for_read(Participant) is None
    assert router.allow_migrate(REPLICA, "registry") is False
    assert router.allow_migrate("default", "registry") is None


@pytest.mark.django_db
def test_the_dashboard_reads_through_the_replica_alias_and_other_pages_do_not(client, replica_alias):
    require_postgresql()  # SQLite's shared in-memory test database locks a table a second connection reads
    client.force_login(make_user("admin", Role.NATIONAL_ADMIN))
    make_participant()
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert client.get(reverse("monitoring:dashboard")).status_code == 200
    assert any("registry_participant" in q["sql"] for q in on_replica.captured_queries)
    assert not any("django_session" in q["sql"] for q in on_replica.captured_queries)
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert client.get(reverse("operations:dashboard")).status_code == 200
    assert on_replica.captured_queries == []


@pytest.fixture
def streaming_replica(reference_regions):
    """The alias `replica` on a hot standby streaming from the test database's server."""
    require_postgresql()
    with streaming_replica_cluster() as port:
        _add_replica_alias(HOST="127.0.0.1", PORT=port)
        try:
            yield port
        finally:
            _remove_replica_alias()


def _registered_on_dashboard(client) -> str:
    page = client.get(reverse("monitoring:dashboard")).content.decode()
    start = page.index('<tr data-step="registered">')
    return page[start : page.index("</tr>", start)]


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_is_served_by_a_streaming_replica_and_writes_never_go_there(client, streaming_replica):
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (True,)  # a standby, not a copy of the primary
    client.force_login(make_user("admin", Role.NATIONAL_ADMIN))  # the session: on the primary only
    for n in range(3):
        make_participant(f"Peserta Replika {n}")
    wait_for_replay(streaming_replica)
    assert Participant.objects.using(REPLICA).count() == 3  # the rows have streamed across
    shown_with_three = _registered_on_dashboard(client)
    assert "<td>3</td>" in shown_with_three

    # Stop the replica replaying: a fourth registration reaches the primary only, and the
    # dashboard, read from the replica, still counts three.
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    make_participant("Peserta Replika 3")
    assert Participant.objects.count() == 4
    assert Participant.objects.using(REPLICA).count() == 3
    assert _registered_on_dashboard(client) == shown_with_three
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")
    wait_for_replay(streaming_replica)
    assert "<td>4</td>" in _registered_on_dashboard(client)

    # A write inside a dashboard read still goes to the primary; the replica itself refuses one.
    with reads_from_replica():
        make_participant("Peserta Replika 4")
    assert Participant.objects.using("default").count() == 5
    with pytest.raises(InternalError, match="read-only"):
        Participant.objects.using(REPLICA).filter(full_name="Peserta Replika 0").update(full_name="X")


@pytest.mark.django_db
def test_ready_says_whether_the_replica_answers(client, replica_alias, settings):
    require_postgresql()
    settings.READY_WORKER_KINDS = []  # no worker runs beside the tests
    body = client.get("/api/v1/ready").json()
    assert (body["ready"], body["replica"]) == (True, True)

    # The replica goes away under an open connection (its server stops, the network breaks).
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    response = client.get("/api/v1/ready")
    assert response.status_code == 503
    assert response.json()["replica"] is False
    assert response.json()["problems"] == ["replica unreachable"]
