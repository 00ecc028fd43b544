"""The query plans of the slowest pages of the page benchmark (bench_pages):

    python -m bench.pages_explain FACTS.json PAGES.json

PAGES.json is a list of [role, label, path]. Each page is requested once through Django's test
client as its role (signed in, or with the API token), in this process on DATABASE_URL, with every
SQL statement captured; the slowest SELECT then runs again under EXPLAIN (ANALYZE, BUFFERS). Run
with DATABASE_PREPARED_STATEMENTS=False, so that the captured SQL carries its values (client-side
binding) and can be explained as it is. Prints one JSON line: per page its status, the number of
queries, their total time, and the slowest one with its plan."""

import json
import os
import sys
from pathlib import Path

from bench.pages_load import ACCOUNT_OF


def explain(facts: dict, pages: list) -> list[dict]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wirausaha.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from wirausaha.accounts.models import User

    found = []
    for role, label, path in pages:
        account = facts["users"][ACCOUNT_OF[role]]
        client = Client(HTTP_HOST="127.0.0.1")
        headers = {}
        if path.startswith("/api/"):
            headers["Authorization"] = f"Bearer {account['token']}"
        else:
            client.force_login(User.objects.get(pk=account["id"]))
        client.get(path, headers=headers)  # warm: templates, caches, the plan of each statement
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, headers=headers)
        queries = captured.captured_queries
        selects = [q for q in queries if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]
        row = {
            "role": role,
            "page": label,
            "status": response.status_code,
            "queries": len(queries),
            "db_ms": round(1000 * sum(float(q["time"]) for q in queries), 1),
        }
        if selects:
            slowest = max(selects, key=lambda q: float(q["time"]))
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {slowest['sql']}")
                plan = "\n".join(line for (line,) in cursor.fetchall())
            row.update(slowest_ms=round(1000 * float(slowest["time"]), 1), sql=slowest["sql"], plan=plan)
        found.append(row)
    return found


def main() -> None:
    facts = json.loads(Path(sys.argv[1]).read_text())
    pages = json.loads(Path(sys.argv[2]).read_text())
    print(json.dumps(explain(facts, pages)))


if __name__ == "__main__":
    main()
