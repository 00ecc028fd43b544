"""The part of the page benchmark's database that goes through the application (Django set up by
bench.pages_data): the 4,330 training centres (the 21 real Kemnaker ones, the synthetic UPTDs and
BLK Komunitas of the demo loaders), the course catalogue, one account per role measured, their API
tokens, the officers' past imports, the classes every centre plans for the open wave, and signed-in
sessions for the load client."""

from datetime import datetime, timedelta

from bench.pages_training import Centre, Course

# The accounts measured: key -> (username, role, scope region). The centre operator works at a
# centre in Kabupaten Bekasi, the participant's record is there too.
ACCOUNTS = {
    "admin": ("bench.admin", "national_admin", None),
    "province": ("bench.jabar", "provincial_officer", "32"),
    "regency": ("bench.bekasi", "regency_officer", "32.16"),
    "operator": ("bench.operator", "centre_operator", None),
    "participant": ("bench.peserta", "participant", None),
}
OPERATOR_REGENCY = "32.16"
IMPORTS_PER_OFFICER = 30


def operator_centre():
    """A centre in Kabupaten Bekasi: the regency's own BLK when there is one."""
    from wirausaha.centres.models import TrainingCentre

    centres = TrainingCentre.objects.filter(region__code__startswith=f"{OPERATOR_REGENCY}.").order_by("id")
    return centres.filter(kind="uptd_regency").first() or centres.first()


def prepare(now: datetime) -> dict:
    """Centres, courses, accounts and tokens; returns what the build and the load client need."""
    from wirausaha.accounts.actions import create_api_token
    from wirausaha.accounts.models import Role
    from wirausaha.centres.loaders import load_courses, load_demo_centres, load_kemnaker_centres
    from wirausaha.testing import make_user

    load_kemnaker_centres()
    load_demo_centres()
    load_courses()
    centre = operator_centre()
    users = {}
    for key, (username, role, region) in ACCOUNTS.items():
        organisation = centre.organisation if role == Role.CENTRE_OPERATOR else None
        user = make_user(username, Role(role), region=region, organisation=organisation)
        _, token = create_api_token(user=user, name="bench", by=None)
        users[key] = {"id": user.pk, "username": username, "token": token}
    _imports(users, now)
    return {"users": users, "operator_centre": centre.pk, "operator_centre_name": centre.short_name}


def _imports(users: dict, now: datetime) -> None:
    """The layoff lists the officers and the admin imported in the past months (the list of
    /peserta/impor/)."""
    from wirausaha.registry.models import ImportJob

    jobs = []
    for key in ("admin", "province", "regency"):
        for number in range(IMPORTS_PER_OFFICER):
            when = now - timedelta(days=number * 5 + 1)
            jobs.append(
                ImportJob(
                    created_by_id=users[key]["id"],
                    file=f"imports/bench-{key}-{number}.xlsx",
                    original_name=f"daftar-phk-{number + 1:02d}.xlsx",
                    dry_run=number % 3 == 0,
                    status=ImportJob.Status.CHECKED if number % 3 == 0 else ImportJob.Status.APPLIED,
                    total_rows=500 + number,
                    processed_rows=500 + number,
                    valid=480 + number,
                    invalid=20,
                    created=0 if number % 3 == 0 else 470,
                    updated=0 if number % 3 == 0 else 10,
                    finished_at=when + timedelta(minutes=3),
                )
            )
    made = ImportJob.objects.bulk_create(jobs)
    for job, when in zip(made, (job.finished_at for job in jobs), strict=True):
        job.created_at = when - timedelta(minutes=3)
    ImportJob.objects.bulk_update(made, ["created_at"])


def centres() -> list[Centre]:
    from wirausaha.centres.models import TrainingCentre
    from wirausaha.reference.timezones import ZONE_NAMES

    return [
        Centre(pk, region, organisation, name, ZONE_NAMES[zone])
        for pk, region, organisation, name, zone in TrainingCentre.objects.filter(
            status="active"
        ).values_list("id", "region_id", "organisation_id", "name", "region__time_zone")
    ]


def courses() -> list[Course]:
    from wirausaha.centres.models import Course as CourseModel

    return [
        Course(*row)
        for row in CourseModel.objects.filter(is_active=True)
        .order_by("code")
        .values_list("id", "title", "technical_jp", "entrepreneurship_jp")
    ]


def planned_cohorts(wave) -> int:
    """Classes at every active centre for the open wave's training window (the demo loader's
    plan), so that every centre has a class: a centre's page and list are not empty."""
    from wirausaha.centres.loaders import load_demo_cohorts

    starts = wave.training_starts_on
    return len(load_demo_cohorts(window_start=starts, window_end=starts + timedelta(days=100)))


def login_sessions(users: dict) -> None:
    """A signed-in session for each account (Django's own login, no password round trip): the
    load client sends its key as the session cookie."""
    from django.conf import settings
    from django.test import Client

    from wirausaha.accounts.models import User

    for entry in users.values():
        client = Client()
        client.force_login(User.objects.get(pk=entry["id"]))
        entry["session"] = client.cookies[settings.SESSION_COOKIE_NAME].value
