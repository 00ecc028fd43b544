"""The pure parts of documents: codes as typed by people, and the PDF layout (no database)."""

import io

import pytest
from pypdf import PdfReader

from wirausaha.documents import pdf
from wirausaha.documents.codes import normalise_code


def test_a_typed_code_is_read_without_spaces_dashes_or_case():
    assert normalise_code(" abcd efgh-ijkl mnop qrst uvwx ") == "ABCDEFGHIJKLMNOPQRSTUVWX"
    assert normalise_code("0PQ1 8ZZZ") == "OPQIBZZZ"  # digits that codes never hold, read as letters


def test_very_long_names_and_course_titles_are_shrunk_and_wrapped_but_never_cut():
    name = " ".join(["Kusumawardhani Prawirodirdjo"] * 7)[:200]
    course = " ".join(["Pengolahan Hasil Perikanan dan Pemasaran Digital"] * 5)[:200]
    text = pdf.CertificateText(
        issuer="KEMENTERIAN",
        programme="Layanan",
        title="SERTIFIKAT",
        number_line="Nomor: WRS/2025/0001/0000001",
        given_to="diberikan kepada",
        holder_name=name,
        completed="yang telah menyelesaikan pelatihan",
        course_title=course,
        details=("sebanyak 60 JP", "di BLK"),
        issued="Diterbitkan",
        code="A" * 24,
        verify_url="https://example.go.id/verify/" + "A" * 24,
        verify_heading="Periksa",
        verify_steps=("pindai",),
        note="Catatan",
    )
    reader = PdfReader(io.BytesIO(pdf.render(text)))
    assert len(reader.pages) == 1
    words = " ".join(reader.pages[0].extract_text().split())
    assert " ".join(name.split()) in words and " ".join(course.split()) in words


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("Siti Rahmawati", "Siti Rahmawati"),
        ("Ni Luh Dé Ayu", "Ni Luh Dé Ayu"),
        ("Ḥasan Ṣāliḥ", "Hasan Salih"),
    ],
)
def test_letters_outside_the_standard_fonts_are_printed_as_their_base_letter(written, printed):
    assert pdf.printable(written) == printed
