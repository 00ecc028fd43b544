"""A read-only replica for the dashboard and its exports, switched on by DATABASE_REPLICA_URL.

The views named in REPLICA_VIEWS (the monitoring dashboard and exports: long aggregate reads
that may be a few seconds behind) read from the database alias `replica`; everything else, and
every write anywhere, uses `default`. The tables that say who is asking (sessions, accounts,
login throttling) are always read from `default`, so that a person who has just logged in is
known at once even when the replica lags.

The router reads a context variable that ReplicaReadsMiddleware sets for the duration of one of
those views; code outside a request (a task, a command) may wrap its reads in
`reads_from_replica()` in the same way.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
# Who is asking, and what they may do: never read from a copy that may be behind.
PRIMARY_ONLY_APPS = frozenset({"sessions", "accounts", "auth", "contenttypes", "axes", "operations"})

_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


def replica_enabled() -> bool:
    return REPLICA in connections.settings


@contextmanager
def reads_from_replica() -> Iterator[None]:
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


class ReplicaRouter:
    """Reads inside `reads_from_replica()` go to the replica; writes and migrations never do."""

    def db_for_read(self, model, **hints):
        if (
            _reading_from_replica.get()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and replica_enabled()
        ):
            return REPLICA
        return None  # Django's own choice: default, or the database the related row came from

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same rows: a row read from the replica may point at one from default.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None


class ReplicaReadsMiddleware:
    """Runs the views named in settings.REPLICA_VIEWS (e.g. "monitoring:dashboard") inside
    `reads_from_replica()`, their templates' rendering included. A streamed response's body is
    read after the request has left this middleware, from default."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.view_names = frozenset(getattr(settings, "REPLICA_VIEWS", ()))

    def __call__(self, request):
        token = _reading_from_replica.set(False)
        try:
            return self.get_response(request)
        finally:
            _reading_from_replica.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.view_name in self.view_names and replica_enabled():
            _reading_from_replica.set(True)
