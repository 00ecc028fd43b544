"""Planner statistics refreshed after a bulk write.

PostgreSQL's autovacuum analyses a table once a tenth of it has changed, and only some time
later. Until then the planner plans for the table as it was: after a 20,000-row import into one
regency, the verification queue was planned for a handful of rows and read all of them (3.2 s).
The actions that write thousands of rows in one go call `refresh_statistics` as they finish.
ANALYZE reads a sample (30,000 rows by default), not the table, so it costs a fraction of a
second at a million rows. SQLite's planner keeps no such statistics by default: nothing to do.
"""

from django.db import connections, router

# Fewer rows than this do not change a table's statistics enough to matter.
BULK_ROWS = 1000


def refresh_statistics(*models, rows: int) -> bool:
    """ANALYZE the tables of `models` on PostgreSQL when `rows` rows were just written. Returns
    whether it did."""
    if rows < BULK_ROWS:
        return False
    done = False
    for model in models:
        connection = connections[router.db_for_write(model)]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        done = True
    return done
