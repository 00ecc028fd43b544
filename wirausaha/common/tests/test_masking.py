import pytest

from wirausaha.common.masking import mask_nik, mask_phone, mask_text, mask_value, phone_as_dialled


@pytest.mark.parametrize(
    ("nik", "masked"),
    [
        ("3216014508850003", "321601******0003"),
        ("", ""),
        ("123", "***"),
    ],
)
def test_mask_nik_keeps_region_and_last_four_digits(nik, masked):
    assert mask_nik(nik) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("+6281234567890", "+62812*****890"),
        ("081234567890", "08123****890"),
        ("12345", "*****"),
    ],
)
def test_mask_phone_keeps_operator_prefix_and_last_three_digits(phone, masked):
    assert mask_phone(phone) == masked


def test_mask_value_masks_only_sensitive_fields():
    assert mask_value("nik", "3216014508850003") == "321601******0003"
    assert mask_value("full_name", "Siti") == "Siti"
    assert mask_value("phone", None) is None


def test_mask_text_hides_niks_and_phones_in_free_text():
    text = "NIK 3216014508850003, HP 0812-3456-7890, ref 12345"
    masked = mask_text(text)
    assert "3216014508850003" not in masked
    assert "3456" not in masked
    assert "ref 12345" in masked


def test_log_lines_never_carry_a_nik_or_phone(caplog):
    import logging

    from wirausaha.common.logging import MaskPersonalData

    logger = logging.getLogger("wirausaha.test")
    logger.addFilter(MaskPersonalData())
    with caplog.at_level(logging.INFO, logger="wirausaha.test"):
        logger.info("import row %s: NIK %s phone %s", 7, "3216014508850003", "+6281234567890")
    assert "3216014508850003" not in caplog.text
    assert "81234567890" not in caplog.text
    assert "import row 7" in caplog.text


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("+6281234567890", "0812-3456-7890"),
        ("+62895123456789", "0895-1234-56789"),
        ("", ""),
        ("tidak ada", "tidak ada"),
    ],
)
def test_a_phone_is_shown_as_people_dial_it(value, shown):
    assert phone_as_dialled(value) == shown
