"""The import template and the importer agree (#23 item 2): every answer the template's
instructions name, and every answer the web form offers, is read; a refusal names the accepted
answers in the reader's language; the check explains every row it reads."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from wirausaha.registry.answers import Invalid, parse_bool, parse_disability, parse_education
from wirausaha.registry.imports.template import column_help, template_xlsx
from wirausaha.registry.models import Disability, Education, ImportJob
from wirausaha.registry.nik import build_nik
from wirausaha.registry.tests.imports.support import BIRTH, HEADER, check, csv_bytes, row

# The answers exactly as the Indonesian instructions sheet writes them.
EDUCATION = {
    "tidak sekolah": "none",
    "SD": "sd",
    "SMP": "smp",
    "SMA": "sma",
    "SMK": "sma",
    "D1–D3": "diploma",
    "S1": "s1",
    "D4": "s1",
    "S2": "s2",
    "S3": "s3",
}
DISABILITY = {
    "tidak ada": "none",
    "fisik": "physical",
    "sensorik (netra, rungu, wicara)": "sensory",
    "intelektual": "intellectual",
    "mental": "mental",
    "ganda": "multiple",
}
JKP = {"ya": True, "tidak": False, "tidak tahu": None}


@pytest.fixture(autouse=True)
def english():
    """The import's own messages are checked in their English source; tests of the Indonesian
    words say so."""
    with translation.override("en"):
        yield


def instructions(language: str) -> dict[str, str]:
    """Column -> 'what to write', read back from the downloaded workbook's second sheet."""
    with translation.override(language):
        workbook = load_workbook(io.BytesIO(template_xlsx()))
    guide = workbook.worksheets[1]
    return {r[0]: r[2] for r in guide.iter_rows(min_row=5, values_only=True) if r[0]}


@pytest.mark.parametrize(
    ("column", "answers", "parse"),
    [
        ("pendidikan", EDUCATION, parse_education),
        ("disabilitas", DISABILITY, parse_disability),
        ("penerima_jkp", JKP, parse_bool),
    ],
)
def test_every_answer_the_indonesian_instructions_name_is_read(column, answers, parse):
    written = instructions("id")[column]

    for answer, stored in answers.items():
        assert answer in written, f"the instructions no longer name {answer!r}: {written}"
        assert parse(answer) == stored


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_label_the_web_form_shows_is_read(language):
    with translation.override(language):
        for value, label in Education.choices:
            assert parse_education(str(label)) == value
        for value, label in Disability.choices:
            assert parse_disability(str(label)) == value


@pytest.mark.parametrize(
    ("written", "stored"),
    [("D1 - D3", "diploma"), ("d1—d3", "diploma"), ("SMA (atau SMK)", "sma"), ("S1 (atau D4)", "s1")],
)
def test_usual_spellings_of_the_same_answer_are_read(written, stored):
    assert parse_education(written) == stored


@pytest.mark.parametrize("written", ["Tidak tahu", "TIDAK TAHU", "belum tahu", "-", ""])
def test_dont_know_is_an_answer_stored_as_unknown(written):
    assert parse_bool(written) is None


def test_a_refusal_names_the_accepted_answers_in_indonesian_not_internal_codes():
    with translation.override("id"), pytest.raises(Invalid) as refused:
        parse_education("pesantren kilat")

    message = str(refused.value)
    assert "Sekolah dasar (SD)" in message and "Diploma (D1-D3)" in message
    assert "none, sd" not in message and "diploma," not in message
    with translation.override("id"), pytest.raises(Invalid) as refused:
        parse_disability("kadang-kadang")
    assert "Sensorik" in str(refused.value) and "physical" not in str(refused.value)


def test_the_help_of_each_choice_column_is_indonesian_without_internal_codes():
    with translation.override("id"):
        helps = {name: text for name, _required, text in column_help()}

    for column in ("pendidikan", "disabilitas", "penerima_jkp"):
        assert not {"none", "physical", "sensory", "multiple", "diploma,"} & set(helps[column].split())


@pytest.mark.django_db
def test_a_template_row_with_every_offered_answer_imports():
    header = [*HEADER, "pendidikan", "disabilitas", "penerima_jkp"]
    rows = [
        row(1, pendidikan="D1–D3", disabilitas="sensorik (netra, rungu, wicara)", penerima_jkp="tidak tahu"),
        row(2, pendidikan="SMA (atau SMK)", disabilitas="", penerima_jkp="Ya"),
    ]

    result = check(csv_bytes(*rows, header=header))

    assert (result.valid, result.invalid, result.errors) == (2, 0, [])


@pytest.mark.django_db
def test_the_check_explains_a_row_identical_to_the_registry():
    data = csv_bytes(row(1), row(2), row(3))
    check(data, dry_run=False)
    changed = csv_bytes(row(1), row(2, no_hp="081299998888"), row(3), row(4))

    result = check(changed)

    assert (result.valid, result.created, result.updated) == (4, 1, 1)
    (note,) = [w for w in result.warnings if w["column"] == "nik"]
    assert "rows 2, 4" in note["message"]
    assert note["message"].startswith("2 valid rows are identical")


@pytest.mark.django_db
def test_the_check_names_a_row_whose_birth_date_or_sex_disagrees_with_the_nik():
    man_nik = build_nik(district="32.16.01", birth_date=BIRTH, sex="M", serial=9)
    data = csv_bytes(row(1), row(2, nik=man_nik, tanggal_lahir="01/01/1990"))

    result = check(data)

    assert result.valid == 2
    notes = {(w["row"], w["column"]) for w in result.warnings if w.get("row_note")}
    assert notes == {(3, "tanggal_lahir"), (3, "jenis_kelamin")}


@pytest.mark.django_db
def test_the_check_page_counts_and_names_the_unchanged_rows(client, bekasi_officer):
    check(csv_bytes(row(1), row(2)), dry_run=False)
    client.force_login(bekasi_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = csv_bytes(row(1), row(2, no_hp="081299998888"), row(3))

    client.post("/peserta/impor/", {"file": SimpleUploadedFile("ulang.csv", data), "dry_run": "on"})
    job = ImportJob.objects.get()
    page = client.get(f"/peserta/impor/{job.pk}/").content.decode()

    assert (job.valid, job.created, job.updated) == (3, 1, 1)
    assert '<dd id="import-unchanged">1</dd>' in page
    assert "row 2)" in page
