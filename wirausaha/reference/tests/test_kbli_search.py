from http import HTTPStatus

import pytest

from wirausaha.reference.kbli_search import Index, rank, within_one_typo
from wirausaha.reference.queries import sectors_matching
from wirausaha.registry.registration.forms import KBLI_CHOICES

ENTRIES = [
    ("10761", "Industri Pengolahan Kopi", "Pengolahan biji kopi menjadi kopi bubuk."),
    ("82190", "Aktivitas Fotokopi, Penyiapan Dokumen", "Jasa fotokopi dan penjilidan."),
    ("15201", "Industri Alas Kaki Untuk Keperluan Sehari-hari", "Seperti sepatu harian dan sandal."),
    ("15202", "Industri Sepatu Olahraga", "Sepatu untuk olahraga."),
    ("10792", "Industri Kue Basah", "Kue lapis, lemper."),
]
INDEX = Index.build(ENTRIES)


def test_a_description_naming_a_word_more_often_ranks_higher():
    index = Index.build([("1", "Satu", "kopi."), ("2", "Dua", "kopi bubuk, kopi biji, kopi sachet.")])
    assert rank("kopi", index) == ["2", "1"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kopi", ["10761"]),  # the start of a word: not "fotokopi"
        ("sepatu", ["15202", "15201"]),  # in a title first, then in a description
        ("sepatu harian", ["15201"]),  # every word must be found
        ("sepatuu", ["15202", "15201"]),  # one letter too many
        ("spatu", ["15202", "15201"]),  # one letter missing
        ("kue", ["10792"]),
        ("Kué", ["10792"]),  # case and accents do not matter
        ("152", ["15201", "15202"]),  # digits: a code prefix
        ("qwxz", []),
        ("", []),
        ("%00", []),
    ],
)
def test_kbli_search_finds_and_ranks(query, expected):
    assert rank(query, INDEX) == expected


@pytest.mark.parametrize(
    ("a", "b", "close"),
    [
        ("sepatu", "sepatu", True),
        ("sepatu", "sepatuu", True),
        ("sepatu", "sepaut", True),  # two neighbours swapped
        ("sepatu", "sepeda", False),
        ("kopi", "fotokopi", False),
    ],
)
def test_one_typo_is_one_letter_replaced_added_removed_or_swapped(a, b, close):
    assert within_one_typo(a, b) is close


@pytest.mark.django_db
def test_sepatu_finds_the_footwear_class_by_its_description_on_the_page_and_in_the_api(
    client, national_admin
):
    assert "15201" in list(sectors_matching("sepatu").values_list("code", flat=True))
    # Among the first codes registration offers (a description naming "sepatu" three times
    # outweighs those naming it once).
    offered = list(sectors_matching("sepatu", "kelompok").values_list("code", flat=True)[:KBLI_CHOICES])
    assert "15201" in offered and offered[:2] == ["15202", "15203"]

    api = client.get("/api/v1/sectors", {"q": "sepatu", "level": "kelompok"})
    assert api.status_code == HTTPStatus.OK
    assert "15201" in [sector["code"] for sector in api.json()["items"]]

    client.force_login(national_admin)
    assert "15201" in client.get("/referensi/kbli/", {"q": "sepatu"}).content.decode()


def test_an_everyday_word_finds_the_class_by_its_meaning_below_the_word_itself():
    index = Index.build(
        [
            ("45407", "Reparasi Dan Perawatan Sepeda Motor", "Pemeliharaan dan reparasi sepeda motor."),
            ("41013", "Konstruksi Gedung Industri", "Gedung workshop/bengkel kerja."),
            ("45401", "Perdagangan Besar Sepeda Motor", "Penjualan sepeda motor."),
        ],
        {"bengkel": ("reparasi", "perawatan")},
    )
    assert rank("bengkel motor", index) == ["45407"]
    # Its meaning in a title (0.9 x 3) outweighs the word itself in a description (0.5 x 3).
    assert rank("bengkel", index) == ["45407", "41013"]
    assert rank("bengkel", Index.build(ENTRIES)) == []  # without the meanings, as before


@pytest.mark.django_db
def test_bengkel_motor_offers_the_motorcycle_repair_class_at_registration():
    offered = list(
        sectors_matching("bengkel motor", "kelompok").values_list("code", flat=True)[:KBLI_CHOICES]
    )
    assert offered[0] == "45407"
    laundry = list(sectors_matching("laundry", "kelompok").values_list("code", flat=True)[:KBLI_CHOICES])
    assert laundry[0] == "96200"
