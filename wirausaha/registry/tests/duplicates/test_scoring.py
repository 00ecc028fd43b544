"""The duplicate matcher on plain records: no database."""

from datetime import date

import pytest

from wirausaha.registry.duplicates.scoring import (
    NEAR_BIRTH_DATE,
    SAME_BIRTH_DATE_SAME_VILLAGE,
    SAME_NAME_AND_BIRTH_DATE,
    SAME_PHONE,
    SIMILAR_NAME_SAME_BIRTH_DATE,
    SIMILAR_NAME_SAME_VILLAGE,
    Person,
    Reason,
    duplicates_of,
    find_duplicates,
    name_key,
    name_similarity,
    normalise_name,
)

VILLAGE = "32.16.01.2001"
OTHER_VILLAGE = "32.16.01.2002"  # same district
FAR_VILLAGE = "51.71.01.1001"  # Denpasar, Bali
BORN = date(1985, 8, 5)


def person(
    id: int,
    name: str = "Siti Rahmawati",
    *,
    born: date | None = BORN,
    phone: str = "",
    village: str = VILLAGE,
    nik: str | None = None,
) -> Person:
    return Person(id, nik or f"32160145088500{id:02d}", name, born, phone, village)


def codes(candidate) -> set[str]:
    return {reason.code for reason in candidate.reasons}


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("Siti Rahmawati", "siti rahmawati"),
        ("  SITI   RAHMAWATI ", "siti rahmawati"),
        ("Hj. Siti Rahmawati, S.Pd.", "siti rahmawati"),
        ("H. Ahmad Fauzi", "ahmad fauzi"),
        ("Dr. Ir. Budi Santoso, M.M.", "budi santoso"),
        ("Drs. Budi Santoso SE", "budi santoso"),
        ("Budi Santoso S.E.", "budi santoso"),
        ("Ibu Sri Wahyuni", "sri wahyuni"),
        ("Bapak Joko", "joko"),
        ("Siti Nur'aini", "siti nuraini"),
        ("Sri-Wahyuni", "sri wahyuni"),
        ("M. Rizki", "muhamad rizki"),
        ("Mochammad Rizky", "muhamad rizki"),
        ("Muhamad Rizki", "muhamad rizki"),
        ("Siti M.", "siti m"),  # a final initial is not Muhammad
        ("Djoko Soesilo", "joko susilo"),
        ("Achmad Chairul", "ahmad hairul"),
        ("Ahmad Khairul", "ahmad hairul"),
        ("Ramadhan", "ramadan"),
        ("Hendry", "hendri"),
        ("Andi Ma", "andi ma"),  # a trailing "Ma" without a dot is a name (Chinese-Indonesian), not M.A.
        ("Ahmad H", "ahmad h"),  # an initial after the name stays
        ("Désirée", "desire"),
    ],
)
def test_names_are_normalised_for_comparison(raw, normalised):
    assert normalise_name(raw) == normalised


def test_name_key_is_the_same_for_swapped_order_and_titles():
    assert name_key("Rahmawati Siti") == name_key("Hj. Siti Rahmawati, S.Pd.") == "rahmawati siti"


@pytest.mark.parametrize(
    ("a", "b", "at_least"),
    [
        ("Siti Rahmawati", "Siti Rahmawati", 100),
        ("Siti Rahmawati", "Rahmawati Siti", 100),
        ("Siti Rahmawati", "Siti Rachmawati", 100),
        ("Siti Rahmawati", "Siti Rahmawat", 95),
        ("Purnomo Wijaya", "Purnomo Ijaya", 90),  # a slip in a first letter, which sorting would move
    ],
)
def test_similar_names_score_high(a, b, at_least):
    assert name_similarity(a, b) >= at_least


def test_different_names_score_low():
    assert name_similarity("Siti Rahmawati", "Budi Santoso") < 60


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        # Re-registered under another NIK with the same phone and a typo in the name.
        (person(2, "Siti Rahmawti", phone="+6281234567890", village=FAR_VILLAGE), {SAME_PHONE}),
        # Same name (titles and order aside) and birth date, living elsewhere now.
        (person(2, "Rahmawati Siti, S.E.", village=FAR_VILLAGE), {SAME_NAME_AND_BIRTH_DATE}),
        # A slip in the name, same birth date, living elsewhere.
        (person(2, "Siti Rahmawatu", village=FAR_VILLAGE), {SIMILAR_NAME_SAME_BIRTH_DATE}),
        # A slip in the name and in the birth date, same village.
        (
            person(2, "Siti Rahmawatu", born=date(1985, 8, 6)),
            {SIMILAR_NAME_SAME_VILLAGE, NEAR_BIRTH_DATE},
        ),
        # A shortened name, but the same birth date, village and phone.
        (
            person(2, "Siti R.", phone="+6281234567890"),
            {SAME_PHONE, SAME_BIRTH_DATE_SAME_VILLAGE},
        ),
    ],
)
def test_each_kind_of_evidence_is_named_in_the_reasons(other, expected):
    one = person(1, phone="+6281234567890")

    (candidate,) = duplicates_of(one, [other])

    assert codes(candidate) >= expected
    assert (candidate.id_a, candidate.id_b) == (1, 2)
    assert 0 < candidate.score <= 1


def test_reasons_about_names_carry_the_similarity():
    (candidate,) = duplicates_of(person(1), [person(2, "Siti Rahmawatu", village=FAR_VILLAGE)])

    (reason,) = [r for r in candidate.reasons if r.code == SIMILAR_NAME_SAME_BIRTH_DATE]
    assert 85 <= reason.similarity < 100
    assert reason.as_json() == {"code": SIMILAR_NAME_SAME_BIRTH_DATE, "similarity": reason.similarity}
    assert Reason(SAME_PHONE).as_json() == {"code": SAME_PHONE}


@pytest.mark.parametrize(
    "other",
    [
        # A household sharing one phone: another person, another birth date.
        person(2, "Budi Santoso", phone="+6281234567890", born=date(1983, 2, 11)),
        # A namesake in another province born on another day.
        person(2, "Siti Rahmawati", born=date(1979, 3, 30), village=FAR_VILLAGE),
        # A similar name in another village and province with another birth date.
        person(2, "Siti Rahmawatu", born=date(1991, 12, 1), village=FAR_VILLAGE),
        # The same NIK is the same registration (the database refuses a second one).
        person(2, "Siti Rahmawati", phone="+6281234567890", nik="3216014508850001"),
    ],
)
def test_different_people_are_not_paired(other):
    assert duplicates_of(person(1, phone="+6281234567890", nik="3216014508850001"), [other]) == []


def test_similar_names_in_different_villages_of_other_districts_are_not_paired():
    # Same name, no other evidence in common: in different districts this is a namesake.
    one = person(1, "Agus Nugroho", born=date(1980, 6, 29))
    other = person(2, "Agus Nugrho", born=date(1981, 3, 4), village=FAR_VILLAGE)

    assert find_duplicates([one, other]).candidates == []


def test_a_village_and_its_district_count_as_the_same_place():
    one = person(1, "Agus Nugroho", born=date(1980, 6, 29), phone="+6281111111111")
    other = person(2, "Agus Nugrho", born=date(1980, 6, 28), village="32.16.01", phone="+6282222222222")

    (candidate,) = find_duplicates([one, other]).candidates

    assert SIMILAR_NAME_SAME_VILLAGE in codes(candidate)


def test_a_common_name_with_the_same_birth_date_alone_is_not_enough():
    # Forty namesakes: two of them sharing a birth date far apart are most likely two people.
    namesakes = [
        person(i, "Muhammad Rizki", born=date(1970 + i % 30, 1 + i % 12, 10), village=FAR_VILLAGE)
        for i in range(3, 43)
    ]
    pair = [
        person(1, "Muhammad Rizki", phone="+6281111111111"),
        person(2, "Muhammad Rizki", phone="+6282222222222", village=FAR_VILLAGE),
    ]

    scan = find_duplicates(pair + namesakes)

    assert (1, 2) not in {(c.id_a, c.id_b) for c in scan.candidates}
    assert find_duplicates(pair).candidates != []  # a rare name with the same birth date is


def test_a_scan_pairs_each_duplicate_once_best_first():
    people = [
        person(1, phone="+6281234567890"),
        person(2, "Hj. Siti Rahmawati", phone="+6281234567890"),
        person(3, "Rahmawati Siti", village=FAR_VILLAGE),
        person(4, "Budi Santoso", born=date(1990, 1, 2), village=FAR_VILLAGE),
    ]

    scan = find_duplicates(reversed(people))

    pairs = [(c.id_a, c.id_b) for c in scan.candidates]
    assert pairs == [(1, 2), (1, 3), (2, 3)]
    assert [c.score for c in scan.candidates] == sorted((c.score for c in scan.candidates), reverse=True)
    assert scan.skipped == []


def test_a_phone_shared_by_too_many_records_is_skipped_and_reported():
    # An officer registered sixty people on their own phone: not sixty-squared comparisons.
    shared = "+6281299999999"
    people = [
        person(i, f"Orang Nomor{i:03d}", born=date(1970 + i % 30, 1, 1 + i % 28), phone=shared)
        for i in range(60)
    ]
    twin = person(100, "Orang Nomor007", born=people[7].birth_date, phone=shared)

    scan = find_duplicates([*people, twin], max_block=50)

    (skipped,) = [block for block in scan.skipped if block.kind == "phone"]
    assert skipped.size == 61
    assert shared not in repr(skipped)  # the phone number itself is not kept in the note
    # The real duplicate inside the skipped block is still found by its name and birth date.
    assert (7, 100) in {(c.id_a, c.id_b) for c in scan.candidates}


def test_records_without_phone_or_birth_date_are_compared_on_what_they_have():
    one = person(1, "Siti Rahmawati", born=None)
    other = person(2, "Siti Rahmawati", born=None)

    (candidate,) = find_duplicates([one, other]).candidates

    assert codes(candidate) == {SIMILAR_NAME_SAME_VILLAGE}
    assert find_duplicates([]).candidates == []


@pytest.mark.parametrize(
    ("other_born", "near"),
    [
        (date(1985, 8, 6), True),  # day one off
        (date(1985, 8, 25), True),  # one digit of the day
        (date(1985, 5, 8), True),  # day and month swapped
        (date(1986, 8, 5), True),  # year one off
        (date(1995, 8, 5), True),  # one digit of the year
        (date(1985, 8, 27), False),
        (date(1958, 8, 5), False),  # two digits of the year
        (date(1985, 9, 6), False),  # two parts differ
    ],
)
def test_birth_dates_one_typing_slip_apart_are_near(other_born, near):
    one = person(1, phone="+6281234567890")
    other = person(2, phone="+6281234567890", born=other_born)

    found = duplicates_of(one, [other])

    assert any(NEAR_BIRTH_DATE in codes(c) for c in found) == near
