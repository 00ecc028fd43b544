"""Builders and fixtures shared by the training tests (schedule, attendance, check-in, completion,
pages, API). Imported by each module, so that certificate tests keep their own set-up."""

import itertools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone, translation

from wirausaha.accounts.models import Role
from wirausaha.centres.models import TrainingCentre
from wirausaha.programs.models import Enrolment
from wirausaha.testing import (
    make_centre,
    make_cohort,
    make_course,
    make_participant,
    make_selected_wave,
    make_user,
    place_in_cohort,
)
from wirausaha.training.models import Session

_waves = itertools.count(1)
JAKARTA = ZoneInfo("Asia/Jakarta")

# The cohort that has ended (conftest.ended), in August 2025.
WIB = ZoneInfo("Asia/Jakarta")
FIRST, LAST = date(2025, 8, 4), date(2025, 8, 29)
# Eleven sessions, 40 JP: 80 % is exactly 32 JP.
SESSION_JP = [4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 1]


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english_messages():
    """Actions speak the active language: these tests read the English source messages."""
    with translation.override("en"):
        yield


def english_client(client):
    """The test client with English pages (Indonesian is the default)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def bekasi_centre() -> TrainingCentre:
    """The centre of the `centre_operator` persona (organisation "BBPVP Bekasi", Kota Bekasi, WIB)."""
    centre = TrainingCentre.objects.filter(short_name="BBPVP Bekasi").first()
    return centre or make_centre("BBPVP Bekasi", region="32.75", kind="bbpvp")


def other_centre() -> TrainingCentre:
    """A centre in Bali (WITA), another organisation."""
    centre = TrainingCentre.objects.filter(short_name="BLK Denpasar").first()
    return centre or make_centre("BLK Denpasar", region="51.71", kind="uptd_regency", lat=-8.65, lng=115.22)


def trainer_of(centre: TrainingCentre, username: str = "instruktur"):
    return make_user(username, Role.TRAINER, organisation=centre.organisation)


def local_today(now: datetime | None = None, zone: ZoneInfo = JAKARTA) -> date:
    return (now or timezone.now()).astimezone(zone).date()


def make_class(
    names=("Ani", "Budi", "Citra"),
    *,
    centre: TrainingCentre | None = None,
    course=None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    trainer=None,
    users: dict | None = None,
    status: str = "planned",
) -> tuple:
    """A cohort at `centre` (Bekasi by default) with one placed enrolment per name, by default
    running from ten days ago to ten days from now. `users` maps a name to the account to give it."""
    centre = centre or bekasi_centre()
    today = local_today(zone=ZoneInfo(centre.region.zone_name))
    participants = [make_participant(name, user=(users or {}).get(name)) for name in names]
    wave = make_selected_wave(f"PHK-L-{next(_waves)}", participants=participants)
    cohort = make_cohort(
        centre,
        course or make_course(),
        starts_on=starts_on or today - timedelta(days=10),
        ends_on=ends_on or today + timedelta(days=10),
        status=status,
    )
    enrolments = list(Enrolment.objects.filter(wave=wave).order_by("participant__full_name"))
    place_in_cohort(cohort, enrolments)
    if trainer is not None:
        cohort.trainers.add(trainer)
    return cohort, enrolments


def add_session(
    cohort, *, starts_at: datetime, jp: int = 4, trainer=None, topic: str = "Materi teknis"
) -> Session:
    number = (cohort.sessions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return Session.objects.create(
        cohort=cohort,
        number=number,
        kind=Session.Kind.TECHNICAL,
        topic=topic,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=45 * jp),
        jp=jp,
        trainer=trainer,
    )


def session_today(cohort, *, now: datetime | None = None, jp: int = 4, trainer=None) -> Session:
    """A session on today's local date that began half an hour ago (or at local midnight, if that
    is later: its day must stay today)."""
    now = now or timezone.now()
    zone = ZoneInfo(cohort.centre.region.zone_name)
    midnight = datetime.combine(now.astimezone(zone).date(), time(0, 0), tzinfo=zone)
    return add_session(cohort, starts_at=max(now - timedelta(minutes=30), midnight), jp=jp, trainer=trainer)


def session_days_ago(cohort, days: int, *, jp: int = 4, trainer=None) -> Session:
    zone = ZoneInfo(cohort.centre.region.zone_name)
    day = timezone.now().astimezone(zone).date() - timedelta(days=days)
    return add_session(
        cohort, starts_at=datetime.combine(day, time(8, 0), tzinfo=zone), jp=jp, trainer=trainer
    )


def session_days_ahead(cohort, days: int, *, jp: int = 4, trainer=None) -> Session:
    return session_days_ago(cohort, -days, jp=jp, trainer=trainer)
