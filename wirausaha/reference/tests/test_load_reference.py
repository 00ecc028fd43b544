from io import StringIO

import pytest
from django.core.management import call_command

from wirausaha.reference.models import Region, Sector
from wirausaha.reference.queries import forget_reference_data, region_levels, region_name
from wirausaha.reference.timezones import WIB, WIT, WITA, zone_for_region

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_reference", stdout=out)
    return out.getvalue()


def test_reference_data_holds_every_official_region_and_kbli_row():
    assert Region.objects.filter(level=Region.Level.PROVINCE).count() == 38
    assert Region.objects.filter(level=Region.Level.REGENCY).count() == 514
    assert Region.objects.filter(level=Region.Level.DISTRICT).count() == 7285
    assert Region.objects.filter(level=Region.Level.VILLAGE).count() == 83762
    assert Sector.objects.count() == 2707


def test_loading_again_changes_nothing_and_prints_the_counts():
    output = load()
    assert "regions province: 38 (0 created, 0 updated)" in output
    assert "regions regency: 514 (0 created, 0 updated)" in output
    assert "regions district: 7285 (0 created, 0 updated)" in output
    assert "regions village: 83762 (0 created, 0 updated)" in output
    assert "KBLI sectors: 2707 (0 created, 0 updated)" in output


def test_loading_restores_a_missing_region_and_repairs_a_changed_one():
    Region.objects.filter(pk="32.16.01.2001").delete()
    Region.objects.filter(pk="32.16").update(name="Bekasi (edited)")
    Sector.objects.filter(pk="10110").delete()

    output = load()

    assert "regions village: 83762 (1 created, 0 updated)" in output
    assert "regions regency: 514 (0 created, 1 updated)" in output
    assert "KBLI sectors: 2707 (1 created, 0 updated)" in output
    assert Region.objects.get(pk="32.16").name == "Kabupaten Bekasi"
    assert Region.objects.get(pk="32.16.01.2001").parent_id == "32.16.01"


def test_regions_carry_parent_kind_centroid_and_time_zone():
    bekasi = Region.objects.get(pk="32.16")
    assert bekasi.parent_id == "32"
    assert bekasi.kind == Region.Kind.KABUPATEN
    assert bekasi.latitude == pytest.approx(-6.2, abs=0.3)
    assert bekasi.time_zone == WIB
    village = Region.objects.get(pk="32.16.01.2001")
    assert (village.kind, village.time_zone, village.latitude) == (Region.Kind.DESA, WIB, None)
    assert Region.objects.get(pk="32.75").kind == Region.Kind.KOTA


@pytest.mark.parametrize(
    ("code", "zone"),
    [
        ("11", WIB),  # Aceh
        ("31.71", WIB),  # Jakarta
        ("62.01", WIB),  # Central Kalimantan
        ("51.71.01", WITA),  # Denpasar
        ("64", WITA),  # East Kalimantan
        ("76", WITA),  # West Sulawesi
        ("81", WIT),  # Maluku
        ("96.01", WIT),  # Papua Barat Daya
    ],
)
def test_time_zone_follows_the_province(code, zone):
    assert zone_for_region(code) == zone


def test_kbli_rows_whose_parent_is_missing_hang_from_the_nearest_ancestor():
    # Subgolongan 4942 is absent from the source; its children hang from golongan 494.
    assert Sector.objects.get(pk="49421").parent_id == "494"
    assert Sector.objects.get(pk="10").parent_id == "C"
    assert Sector.objects.get(pk="A").parent_id is None


@pytest.fixture
def forget_kept_copies():
    forget_reference_data()
    yield
    forget_reference_data()


def test_loading_refreshes_the_names_and_codes_this_process_keeps(forget_kept_copies):
    Region.objects.filter(pk="32.16").update(name="Bekasi (edited)")
    Region.objects.filter(pk="32.16.01.2001").delete()
    assert region_name("32.16") == "Bekasi (edited)"
    assert "32.16.01.2001" not in region_levels()

    load()

    assert region_name("32.16") == "Kabupaten Bekasi"
    assert region_levels()["32.16.01.2001"] == Region.Level.VILLAGE


def test_a_region_added_after_the_names_were_read_is_named_too(forget_kept_copies):
    assert region_name("32.16.01.2001")
    Region.objects.create(
        code="32.16.01.9999", name="Desa Baru", level=Region.Level.VILLAGE, parent_id="32.16.01"
    )
    assert region_name("32.16.01.9999") == "Desa Baru"
