"""Schemathesis over /api/v1/openapi.json, in-process through the WSGI application: every
operation, with every built-in check (server errors, status codes, content types, response
schemas and headers, negative and positive data …), as an anonymous caller, a national admin and
a provincial officer with bearer tokens.

CI runs a small, reproducible sample; `make api-fuzz` a larger one (API_FUZZ_EXAMPLES=500).
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.config import SchemathesisConfig

from wirausaha.accounts.actions import create_api_token
from wirausaha.accounts.models import Role
from wirausaha.testing import make_participant, make_selected_wave, make_user

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "20"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run, so CI is reproducible
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)

# A request the schema admits may still break a rule the schema cannot say (a NIK of an unknown
# province, a layoff date in the future, a NIK already registered): the API answers 422 naming the
# field, which is a correct answer to schema-valid but semantically invalid data. The other
# statuses are schemathesis' defaults for this check.
#
# An upload operation's file is binary, which the schema cannot forbid control characters in; sent
# as a plain form field (a part without a file name) it is a text field to the edge middleware,
# which refuses its control characters with a 400 naming the field, before any view runs.
CONFIG = SchemathesisConfig.from_str(
    """
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]

[[operations]]
include-path-regex = "/documents$"
include-method = "POST"
checks.positive_data_acceptance.expected-statuses = [
    "2xx", "3xx", "400", "401", "403", "404", "409", "422", "429", "5xx"
]
"""
)


def load_schema():
    """The schema as the application serves it, fetched in-process (no server)."""
    from django.test.utils import override_settings

    from wirausaha.wsgi import application

    with override_settings(ALLOWED_HOSTS=["localhost", "testserver"]):
        return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)


SCHEMA = load_schema()
OPERATIONS = {op.label: op for op in (result.ok() for result in SCHEMA.get_all_operations())}
CALLERS = ["anonymous", "national_admin", "provincial_officer"]


@pytest.fixture
def connection_kept():
    """Schemathesis calls the WSGI application itself, whose request signals close the database
    connection at the end of each request: inside the test's transaction that is its end (on
    PostgreSQL "the connection is closed"). Django's test client unhooks them the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def records(db, connection_kept):
    """A little to read: people in West Java and Bali, on a drawn wave."""
    people = [
        make_participant("Siti Rahmawati", village="32.16.01.2001"),
        make_participant("Made Wirawan", village="51.71.01.1001", sex="M"),
    ]
    return make_selected_wave("FUZZ-1", participants=people, quotas={"32": 10, "51": 10})


def bearer(user) -> dict[str, str]:
    _, secret = create_api_token(user=user, name="schemathesis", by=None)
    return {"Authorization": f"Bearer {secret}"}


def caller_headers(caller: str) -> dict[str, str]:
    if caller == "anonymous":
        return {}
    if caller == "national_admin":
        return bearer(make_user("fuzz.admin", Role.NATIONAL_ADMIN))
    return bearer(make_user("fuzz.jabar", Role.PROVINCIAL_OFFICER, region="32"))


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_the_api_conforms_to_its_schema(label, caller, records, settings):
    """Every check schemathesis has (its default set: all built-in checks) on each example."""
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    headers = caller_headers(caller)

    @FUZZ
    @given(case=OPERATIONS[label].as_strategy())
    def run(case):
        case.call_and_validate(headers=headers)

    run()
