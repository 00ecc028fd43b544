"""Personas shared by every test module, as healthchecks has alice, bob and charlie.

The reference data (all Kemendagri regions and KBLI sectors) is loaded once per test database,
so every test can use real region codes.
"""

import gettext
import os
from datetime import date

import pytest

from wirausaha.accounts.models import Organisation, Role
from wirausaha.testing import make_organisation, make_participant, make_user


def pytest_configure(config):
    # Tests read the translations from the .po files as they are now, not from a stale build.
    from django.core.management import call_command
    from django.utils.translation import trans_real

    with open(os.devnull, "w") as quiet:
        call_command("compile_translations", stdout=quiet)
    # Catalogs read while Django started (before this compilation) are dropped, in Django's cache
    # and in the gettext module's own.
    gettext._translations.clear()
    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from wirausaha.reference.loaders import load_regions, load_sectors

    with django_db_blocker.unblock():
        load_regions()
        load_sectors()


@pytest.fixture
def national_admin(db):
    return make_user("admin", Role.NATIONAL_ADMIN)


@pytest.fixture
def auditor(db):
    return make_user("auditor", Role.AUDITOR)


@pytest.fixture
def jabar_officer(db):
    """Provincial officer, West Java (32)."""
    return make_user("jabar", Role.PROVINCIAL_OFFICER, region="32")


@pytest.fixture
def bekasi_officer(db):
    """Regency officer, Kabupaten Bekasi (32.16)."""
    return make_user("bekasi", Role.REGENCY_OFFICER, region="32.16")


@pytest.fixture
def bali_officer(db):
    """Provincial officer, Bali (51)."""
    return make_user("bali", Role.PROVINCIAL_OFFICER, region="51")


@pytest.fixture
def centre_operator(db):
    centre = make_organisation("BBPVP Bekasi", Organisation.Kind.TRAINING_CENTRE, "32.75")
    return make_user("operator", Role.CENTRE_OPERATOR, organisation=centre)


@pytest.fixture
def counselor(db):
    return make_user("pendamping", Role.COUNSELOR)


@pytest.fixture
def participant_user(db):
    """A participant with an account, living in Tarumajaya, Kabupaten Bekasi."""
    user = make_user("siti", Role.PARTICIPANT)
    make_participant("Siti Rahmawati", village="32.16.01.2001", user=user)
    return user


@pytest.fixture
def bekasi_participant(db):
    return make_participant("Budi Santoso", village="32.16.02.2001", sex="M", birth_date=date(1990, 1, 2))


@pytest.fixture
def bandung_participant(db):
    """West Java, but outside Kabupaten Bekasi (Kota Bandung)."""
    return make_participant("Dewi Lestari", village="32.73.01.1001")


@pytest.fixture
def bali_participant(db):
    return make_participant("Made Wirawan", village="51.71.01.1001", sex="M")


@pytest.fixture
def reference_regions(transactional_db):
    """For tests that commit (threads, live server): the flush after each such test empties the
    tables, so the regions are put back when they are gone."""
    from wirausaha.reference.loaders import load_regions, load_sectors
    from wirausaha.reference.models import Region

    if not Region.objects.filter(pk="32.16.01.2001").exists():
        load_regions()
        load_sectors()
