"""The bounded paginator: exact counts up to the limit, the planner's estimate above it (shown as
"about"), and pages fetched ids-first in the list's own order, however deep."""

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import translation

from wirausaha.common import pagination
from wirausaha.common.pagination import BoundedPaginator, page_of, rounded_estimate
from wirausaha.registry.models import Participant
from wirausaha.testing import make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return [make_participant(f"Orang {n:02}", phone=f"+628120000{n:04}") for n in range(12)]


def test_pages_hold_the_rows_in_the_lists_order_at_any_depth(people):
    ordered = Participant.objects.select_related("domicile").order_by("-full_name", "id")
    names = [p.full_name for p in ordered]
    pages = [page_of(ordered, str(n), per_page=5) for n in (1, 2, 3)]
    assert [[p.full_name for p in page] for page in pages] == [names[0:5], names[5:10], names[10:12]]
    assert pages[2].paginator.count == 12 and not pages[2].paginator.estimated
    # The rows come with their joins, fetched once for the page.
    assert pages[1][0].domicile.code == "32.16.01.2001"


def test_a_count_below_the_limit_is_exact(people, monkeypatch):
    monkeypatch.setattr(pagination, "EXACT_COUNT_LIMIT", 12)
    paginator = BoundedPaginator(Participant.objects.order_by("id"), 5)
    assert (paginator.count, paginator.estimated, paginator.num_pages) == (12, False, 3)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Estimates come from PostgreSQL's planner.")
def test_a_count_above_the_limit_is_the_planners_estimate_shown_as_about(people, monkeypatch):
    monkeypatch.setattr(pagination, "EXACT_COUNT_LIMIT", 5)
    paginator = BoundedPaginator(Participant.objects.order_by("id"), 5)
    assert paginator.estimated and paginator.count >= 6
    with translation.override("id"):
        assert paginator.count_label.startswith("sekitar ")
        assert paginator.pages_label.startswith("sekitar ")
    # Every row is still reachable: the first page holds the first five.
    assert [p.pk for p in paginator.page(1)] == [p.pk for p in people[:5]]


@override_settings(USE_THOUSAND_SEPARATOR=True)
def test_estimates_are_rounded_to_three_figures():
    assert [rounded_estimate(n) for n in (7, 999, 1234, 812_345, 1_049_999)] == [
        7,
        999,
        1230,
        812_000,
        1_050_000,
    ]
