import pytest
from django.db import connection

from wirausaha.common.models import AuditEvent
from wirausaha.common.statistics import refresh_statistics

pytestmark = pytest.mark.django_db


def _estimated_rows() -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [AuditEvent._meta.db_table])
        return cursor.fetchone()[0]


def test_a_few_rows_change_nothing():
    assert refresh_statistics(AuditEvent, rows=10) is False


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Planner statistics are PostgreSQL's.")
def test_a_bulk_write_leaves_the_planner_knowing_the_tables_size():
    AuditEvent.objects.bulk_create(
        [AuditEvent(verb="participant.registered", target_type="t", target_id=str(n)) for n in range(1500)]
    )
    assert refresh_statistics(AuditEvent, rows=1500) is True
    assert _estimated_rows() >= 1500


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="SQLite keeps no planner statistics to refresh."
)
def test_on_sqlite_there_is_nothing_to_refresh():
    assert refresh_statistics(AuditEvent, rows=5000) is False
