"""The access matrix of issue #25: every page and API operation, listed from the URLconf and the
ninja API, against every role (and anonymous), on a record inside and one outside the role's
scope. The declared policy is in `policy.py`; a route without one fails here by name.

Django admin's own pages are left to Django's staff check (one is checked below), and static
and media files are no routes of ours.
"""

import copy
import re
from http import HTTPStatus

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from wirausaha.allocation.models import AllocationRun, Placement
from wirausaha.api.api import api
from wirausaha.centres.models import Cohort
from wirausaha.common.models import AuditEvent
from wirausaha.programs.models import Enrolment, Wave
from wirausaha.registry.models import DuplicateCandidate, ImportJob, NikChangeRequest, Participant
from wirausaha.training.models import Attendance, Certificate, Session

from .policy import API, PAGES, Policy
from .world import ANONYMOUS, ROLES, build_world

API_PREFIX = "api/v1"
SKIPPED = ("admin/", "static/", "media/")
WATCHED = [
    Participant, NikChangeRequest, DuplicateCandidate, ImportJob, Wave, Enrolment, AllocationRun,
    Placement, Cohort, Session, Attendance, Certificate, AuditEvent,
]  # fmt: skip


def url_patterns(patterns=None, prefix: str = ""):
    """(pattern, callback) of every URL pattern, includes walked."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def page_routes() -> list[str]:
    """Pages, without admin, static files and the ninja operations (listed from the API below)."""
    routes = []
    for pattern, callback in url_patterns():
        if pattern.startswith(SKIPPED):
            continue
        if pattern.startswith(API_PREFIX) and getattr(callback, "__module__", "") == "ninja.operation":
            continue
        routes.append(pattern)
    return sorted(set(routes))


def api_routes() -> list[str]:
    """ "METHOD /path" of every operation of every router mounted on the API."""
    routes = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                routes += [f"{method} {prefix}{path}".replace("//", "/") for method in operation.methods]
    return sorted(set(routes))


PAGE_ROUTES = page_routes()
API_ROUTES = api_routes()


def test_the_route_lists_are_not_empty():
    assert len(PAGE_ROUTES) > 50 and len(API_ROUTES) > 10, (PAGE_ROUTES, API_ROUTES)


def test_every_page_has_a_declared_policy():
    missing = [route for route in PAGE_ROUTES if route not in PAGES]
    assert not missing, f"routes without an access policy in tests/access/policy.py: {missing}"
    stale = [route for route in PAGES if route not in PAGE_ROUTES]
    assert not stale, f"policies for routes that no longer exist: {stale}"


def test_every_api_operation_has_a_declared_policy():
    missing = [route for route in API_ROUTES if route not in API]
    assert not missing, f"API operations without an access policy in tests/access/policy.py: {missing}"
    stale = [route for route in API if route not in API_ROUTES]
    assert not stale, f"policies for API operations that no longer exist: {stale}"


# The matrix ---------------------------------------------------------------------------------

# Cells where the application answers what it should not; kept visible (strict) until fixed.
XFAIL: dict[tuple[str, str, str], str] = {}


def cells():
    for table, routes in (("page", PAGE_ROUTES), ("api", API_ROUTES)):
        policies = PAGES if table == "page" else API
        for route in routes:
            policy = policies.get(route)
            if policy is None:
                continue  # reported by the tests above
            for role in ROLES:
                for side in ("in", "out") if policy.obj else ("-",):
                    marks = []
                    if (route, role, side) in XFAIL:
                        marks = [pytest.mark.xfail(strict=True, reason=XFAIL[route, role, side])]
                    yield pytest.param(table, route, role, side, marks=marks, id=f"{route}|{role}|{side}")


CELLS = list(cells())


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world for the whole module, rolled back at its end."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock(), media:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            # Signed in once per role: the session rows live as long as the world.
            world.clients = {ANONYMOUS: Client()}
            for role, user in world.users.items():
                world.clients[role] = Client()
                world.clients[role].force_login(user)
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def fill(route: str, policy: Policy, value) -> str:
    """The route's path with its arguments: the object's id (a tuple for two ids), then fixed ones."""
    names = re.findall(r"<(?:\w+:)?(\w+)>|\{(\w+)\}", route)
    names = [a or b for a, b in names]
    values = dict(policy.fixed)
    free = [name for name in names if name not in values]
    ids = value if isinstance(value, tuple) else (value,)
    assert len(free) == (len(ids) if policy.obj else 0), (route, free)
    values.update(zip(free, ids, strict=False))
    path = re.sub(r"<(?:\w+:)?(\w+)>|\{(\w+)\}", lambda m: str(values[m.group(1) or m.group(2)]), route)
    return path


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in WATCHED}


def refused(table: str, role: str, policy: Policy, response) -> bool:
    code = response.status_code
    if table == "api":
        return code == HTTPStatus.UNAUTHORIZED if role == ANONYMOUS else code in {403, 404}
    if role == ANONYMOUS:
        to_login = code == HTTPStatus.FOUND and response["Location"].startswith("/masuk/")
        return to_login or (policy.method == "POST" and code in {403, 404, 405})
    return code in ({403, 404, 405} if policy.method == "POST" else {403, 404})


@pytest.mark.django_db
@pytest.mark.parametrize(("table", "route", "role", "side"), CELLS)
def test_access(world, table, route, role, side):
    policy = (PAGES if table == "page" else API)[route]
    template = route
    if table == "api":
        method, template = route.split(" ", 1)
        assert method == policy.method, f"{route}: the policy says {policy.method}"
    path = "/" + fill(template.lstrip("/"), policy, world.objects[policy.obj][side] if policy.obj else None)
    if table == "api":
        path = f"/{API_PREFIX}{path}"
    # A fresh client with the role's session cookie: a cell that logs out or switches the language
    # changes only its own client (and the database it rolls back).
    client = Client()
    client.cookies = copy.deepcopy(world.clients[role].cookies)
    before = counts()
    if policy.method == "GET":
        response = client.get(path)
    elif table == "api":
        response = client.post(path, content_type="application/json")
    else:
        response = client.post(path)
    code = response.status_code
    cell = f"{policy.method} {path} as {role} ({side}): {code}"
    assert code < 500, cell

    if role not in policy.roles:
        assert refused(table, role, policy, response), f"{cell}, expected a refusal"
    elif policy.obj and not policy.visible(role, side):
        assert code == HTTPStatus.NOT_FOUND, f"{cell}, expected 404 (out of scope)"
    else:
        assert code in policy.ok, f"{cell}, expected {sorted(policy.ok)}"
        return
    assert counts() == before, f"{cell}: a refused request changed the database"


def test_matrix_size():
    objects = sum(1 for cell in CELLS if cell.values[3] != "-")
    routes = f"{len(PAGE_ROUTES)} pages + {len(API_ROUTES)} API operations"
    print(f"\naccess matrix: {routes} x {len(ROLES)} roles = {len(CELLS)} cells ({objects} with an object)")


# Django admin: guarded by Django's staff check, one page checked here ------------------------


@pytest.mark.django_db
def test_the_admin_is_for_staff_only(world):
    client = Client()
    assert client.get("/admin/").status_code == HTTPStatus.FOUND
    for role, user in world.users.items():
        client.force_login(user)
        response = client.get("/admin/")
        if user.is_staff:
            assert response.status_code == HTTPStatus.OK, role
        else:
            assert response.status_code == HTTPStatus.FOUND, role
            assert response["Location"].startswith("/admin/login/"), role


@pytest.mark.django_db
def test_a_form_encoded_post_to_the_api_is_not_a_server_error(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["national_admin"])
    assert client.post("/api/v1/participants").status_code < 500
