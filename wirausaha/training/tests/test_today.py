"""'Today's sessions' is each centre's own local day, found by the database (one interval per time
zone) and paged, so that a national admin's list of a whole country's weekday stays a page."""

from datetime import UTC, datetime, timedelta

import pytest

from wirausaha.testing import make_centre, make_cohort
from wirausaha.training.models import Session
from wirausaha.training.queries import sessions_on_local_day

pytestmark = pytest.mark.django_db

# 16:30 UTC: 23:30 in Jakarta (WIB, still 7 December), 00:30 in Makassar (WITA, already 8 December).
NOW = datetime(2026, 12, 7, 16, 30, tzinfo=UTC)


def _session(cohort, starts_at, number):
    return Session.objects.create(
        cohort=cohort,
        number=number,
        kind=Session.Kind.TECHNICAL,
        topic=f"Sesi {number}",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        jp=3,
    )


def test_today_is_each_centres_own_local_day(national_admin):
    bekasi = make_cohort(make_centre("BLK Bekasi", region="32.16"), status="running")
    denpasar = make_cohort(
        make_centre("BLK Denpasar", region="51.71", lat=-8.65, lng=115.22), status="running"
    )
    jakarta_evening = _session(bekasi, datetime(2026, 12, 7, 12, 0, tzinfo=UTC), 1)  # 19:00 WIB, 7 Dec
    jakarta_tomorrow = _session(bekasi, datetime(2026, 12, 7, 17, 30, tzinfo=UTC), 2)  # 00:30 WIB, 8 Dec
    bali_yesterday = _session(denpasar, datetime(2026, 12, 7, 12, 0, tzinfo=UTC), 1)  # 20:00 WITA, 7 Dec
    bali_today = _session(denpasar, datetime(2026, 12, 8, 0, 0, tzinfo=UTC), 2)  # 08:00 WITA, 8 Dec

    found = list(sessions_on_local_day(national_admin, NOW))

    assert found == [jakarta_evening, bali_today]
    assert jakarta_tomorrow not in found and bali_yesterday not in found


def test_the_national_list_is_paged(client, national_admin):
    cohort = make_cohort(make_centre("BLK Bekasi", region="32.16"), status="running")
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    for number in range(60):
        _session(cohort, start + timedelta(minutes=number), number + 1)
    client.force_login(national_admin)
    first = client.get("/pelatihan/hari-ini/")
    assert first.status_code == 200
    page = first.context["page"]
    today = len(list(sessions_on_local_day(national_admin, datetime.now(UTC))))
    assert page.paginator.count == today and len(first.context["sessions"]) == min(today, 50)
