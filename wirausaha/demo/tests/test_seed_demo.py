from collections import Counter
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from wirausaha.accounts.models import Role, User
from wirausaha.centres.models import Cohort, Course, TrainingCentre
from wirausaha.demo.coaching import OTHERS as OTHER_COUNSELORS
from wirausaha.demo.grievances import REGIONAL as REGIONAL_GRIEVANCE_OFFICER
from wirausaha.demo.people import make_participants, province_weights
from wirausaha.demo.running_wave import NEW_APPLICANTS, TRAINING_WAVE
from wirausaha.demo.seed import DEMO_ACCOUNTS, DEMO_WAVE
from wirausaha.programs.models import Wave
from wirausaha.reference.queries import known_region_codes
from wirausaha.registry.models import Participant
from wirausaha.registry.nik import check_nik

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=True"):
        seed("--participants", "5")
    assert not User.objects.exists()


def test_seed_demo_creates_one_account_per_role_the_centres_and_the_participants(settings):
    settings.DEBUG = True
    output = seed("--participants", "40", "--seed", "7")

    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    # One account per role, and the other provinces' counselors of the coaching demo.
    assert User.objects.filter(is_synthetic=True).count() == len(DEMO_ACCOUNTS) + len(OTHER_COUNSELORS) + len(
        [REGIONAL_GRIEVANCE_OFFICER]
    )
    # The 21 Kemnaker centres, 309 synthetic UPTDs (330 government BLK) and 4,000 BLK Komunitas.
    assert TrainingCentre.objects.filter(is_synthetic=False).count() == 21
    assert TrainingCentre.objects.filter(is_synthetic=True).count() == 309 + 4000
    # The demo participant among them; beside them, the new applicants of the wave in training.
    assert Participant.objects.filter(is_synthetic=True).count() == 40 + NEW_APPLICANTS
    assert Participant.objects.filter(enrolments__wave__code=TRAINING_WAVE).count() == NEW_APPLICANTS + 1
    for account in DEMO_ACCOUNTS:
        assert account.username in output
    assert "demo-wirausaha-2025" in output
    # The demo participant can log in and has a record in the demo officers' regency.
    assert User.objects.get(username="peserta").participant.domicile_id.startswith("32.16.")


def test_seed_demo_gives_most_centres_cohorts_inside_the_demo_waves_training_window(settings):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed("--participants", "0")

    wave = Wave.objects.get(code=DEMO_WAVE)
    assert wave.selection_date < wave.training_starts_on < wave.training_ends_on
    assert 10 <= Course.objects.count() <= 14
    training = Wave.objects.get(code=TRAINING_WAVE)
    cohorts = Cohort.objects.exclude(
        starts_on__gte=training.training_starts_on, ends_on__lte=training.training_ends_on
    )
    inside = cohorts.filter(starts_on__gte=wave.training_starts_on, ends_on__lte=wave.training_ends_on)
    assert inside.count() == cohorts.count() > 4000
    assert set(cohorts.values_list("seats", flat=True)) == {16}
    with_cohorts = TrainingCentre.objects.filter(cohorts__isnull=False).distinct().count()
    assert with_cohorts > 0.85 * TrainingCentre.objects.count()
    # The demo trainer teaches the cohorts of their own centre, BBPVP Bekasi.
    trainer = User.objects.get(username="instruktur")
    taught = inside.filter(trainers=trainer)
    assert taught.count() == 2
    assert set(taught.values_list("centre__short_name", flat=True)) == {"BBPVP Bekasi"}


def test_seed_demo_run_twice_adds_no_duplicates(settings):
    settings.DEBUG = True
    seed("--participants", "20", "--seed", "3")
    counts = (TrainingCentre.objects.count(), Course.objects.count(), Cohort.objects.count())
    seed("--participants", "20", "--seed", "3", "--if-empty")
    assert Participant.objects.count() == 20 + NEW_APPLICANTS
    # Without --if-empty the same seed finds its people already there and adds none.
    assert "0 participants, 0 centres, 0 courses, 0 cohorts" in seed("--participants", "20", "--seed", "3")
    assert Participant.objects.count() == 20 + NEW_APPLICANTS
    assert User.objects.count() == len(DEMO_ACCOUNTS) + len(OTHER_COUNSELORS) + len(
        [REGIONAL_GRIEVANCE_OFFICER]
    )
    assert (TrainingCentre.objects.count(), Course.objects.count(), Cohort.objects.count()) == counts


def test_demo_niks_agree_with_district_birth_date_and_sex(settings):
    settings.DEBUG = True
    seed("--participants", "60", "--seed", "11")
    known = known_region_codes()
    for person in Participant.objects.all():
        result = check_nik(
            person.nik, known=known, declared_birth_date=person.birth_date, declared_sex=person.sex
        )
        assert result.valid, (person.nik, result.errors)
        assert result.flags == ()
        assert person.domicile_id.startswith(result.district + ".")


def test_demo_participants_are_the_same_for_the_same_seed():
    first = [(p.nik, p.full_name) for p in make_participants(30, 5, set())]
    again = [(p.nik, p.full_name) for p in make_participants(30, 5, set())]
    other = [(p.nik, p.full_name) for p in make_participants(30, 6, set())]
    assert first == again
    assert first != other


def test_demo_participants_follow_the_2025_layoffs_by_province():
    weights = province_weights()
    total = sum(weights.values())
    people = make_participants(1500, 2025, set())
    share = Counter(p.domicile_id[:2] for p in people)
    # West Java had 21% of 2025's layoffs, Banten 12%, Papua's provinces together well under 1%.
    for province in ("32", "33", "36"):
        assert share[province] / len(people) == pytest.approx(weights[province] / total, abs=0.04)
    assert sum(share[code] for code in ("91", "93", "94", "95")) / len(people) < 0.01


def test_a_newcomer_screens_closes_draws_and_verifies_the_demo_wave_at_once(settings):
    # The README's tour: the demo wave declares a public value published two minutes after seeding,
    # so it is screened and closed straight away, and drawn once those minutes have passed, under
    # the same rules as any wave, whatever today's date is relative to the wave's closing day.
    settings.DEBUG = True
    output = seed("--participants", "60", "--seed", "3")
    assert f"Wave {DEMO_WAVE} is open: screen and close it before " in output
    out = StringIO()
    call_command("screen", "--wave", DEMO_WAVE, stdout=out)
    call_command("close_wave", "--wave", DEMO_WAVE, "--reason", "Tur demo", stdout=out)
    with pytest.raises(CommandError):  # not before the declared time
        call_command("select", "--wave", DEMO_WAVE, "--public-value", "IHSG 7.123,45", stdout=out)
    assert Wave.objects.get(code=DEMO_WAVE).status == Wave.Status.CLOSED
    with two_minutes_later():
        call_command("select", "--wave", DEMO_WAVE, "--public-value", "IHSG 7.123,45", stdout=out)
    call_command("verify_lottery", "--wave", DEMO_WAVE, stdout=out)
    assert Wave.objects.get(code=DEMO_WAVE).status == Wave.Status.SELECTED


def test_the_demo_wave_cannot_be_closed_once_its_public_value_may_be_known(settings):
    settings.DEBUG = True
    seed("--participants", "20", "--seed", "3")
    call_command("screen", "--wave", DEMO_WAVE, stdout=StringIO())
    with two_minutes_later(), pytest.raises(CommandError):
        call_command("close_wave", "--wave", DEMO_WAVE, "--reason", "Tur demo", stdout=StringIO())
    assert Wave.objects.get(code=DEMO_WAVE).status == Wave.Status.OPEN


def two_minutes_later():
    """The clock two minutes and a second ahead (time-machine is not installed: Django's clock,
    which the actions read, is moved instead)."""
    later = timezone.now() + timedelta(minutes=2, seconds=1)
    return mock.patch("django.utils.timezone.now", return_value=later)
