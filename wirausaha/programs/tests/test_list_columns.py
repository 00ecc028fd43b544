"""The enrolment's list columns (models.Enrolment): the person's regency and province and the quota's
region are written by whoever makes or screens the enrolment, so the offices' lists filter and sort
on them without a join."""

from wirausaha.accounts.models import Role
from wirausaha.programs.actions import screen_wave
from wirausaha.programs.models import Enrolment
from wirausaha.programs.queries import enrolments_visible_to
from wirausaha.programs.tests.support import BANDUNG, BEKASI, enrol, make_wave
from wirausaha.testing import make_user


def test_applying_and_screening_write_the_list_columns(db):
    wave = make_wave(quotas={"32": 3, "32.16": 1})
    bekasi = enrol(wave, "Rina", village=BEKASI)
    bandung = enrol(wave, "Dewi", village=BANDUNG)
    applied = Enrolment.objects.get(pk=bekasi.pk)
    assert (applied.regency_code, applied.province_code, applied.quota_region) == ("32.16", "32", None)

    screen_wave(wave, by=None)

    rows = {e.pk: e for e in Enrolment.objects.filter(wave=wave)}
    assert (rows[bekasi.pk].quota_region, rows[bandung.pk].quota_region) == ("32.16", "32")
    assert all(e.quota_region == e.quota.region_id for e in rows.values())
    assert rows[bandung.pk].regency_code == BANDUNG[:5]


def test_each_office_sees_the_enrolments_of_its_area_by_the_kept_columns(db):
    wave = make_wave(quotas={"32": 3})
    bekasi = enrol(wave, "Rina", village=BEKASI)
    bandung = enrol(wave, "Dewi", village=BANDUNG)
    seen = {
        code: set(
            enrolments_visible_to(make_user(f"o{code}", role, region=code), wave).values_list("pk", flat=True)
        )
        for code, role in (("32", Role.PROVINCIAL_OFFICER), ("32.16", Role.REGENCY_OFFICER))
    }
    assert seen == {"32": {bekasi.pk, bandung.pk}, "32.16": {bekasi.pk}}
