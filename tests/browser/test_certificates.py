"""A graduate downloads their certificate from their page on a phone, and a stranger, not logged
in, checks it on a 360 x 740 phone. Elements are found by address or data attribute, so the test
holds whatever the translation says."""

import pytest
from playwright.sync_api import expect

from wirausaha.accounts.models import Role
from wirausaha.centres.actions import set_signatory
from wirausaha.common.masking import mask_nik
from wirausaha.testing import make_participant, make_user
from wirausaha.training.tests.test_certificates import bekasi_centre, issued

from .test_wave_draw import PHONE, fits, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def graduate_certificate(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = make_user("siti", Role.PARTICIPANT)
    set_signatory(
        bekasi_centre(), head_name="Dr. Siti Aminah, S.E.", head_title="Kepala BBPVP Bekasi", by=None
    )
    # Committed at once (live-server tests run outside a transaction): the PDF is drawn on commit.
    certificate = issued(make_participant("Siti Rahmawati", user=user))
    certificate.refresh_from_db()
    assert certificate.document.pdf
    return certificate


def test_a_graduate_downloads_the_certificate_and_a_stranger_verifies_it(
    browser, live_server, graduate_certificate, screenshot_dir
):
    certificate = graduate_certificate
    holder = browser.new_context(viewport=PHONE, locale="id-ID", accept_downloads=True)
    page = holder.new_page()
    try:
        log_in(page, live_server, "siti")
        page.goto(f"{live_server.url}/pelatihan/sertifikat/saya/")
        expect(page.locator("main")).to_contain_text(certificate.document.number)
        page.screenshot(path=screenshot_dir / "certificate-mine-phone.png", full_page=True)
        fits(page, PHONE["width"])
        with page.expect_download() as downloading:
            page.locator(f"a[href='/pelatihan/sertifikat/{certificate.document.code}/unduh/']").click()
        download = downloading.value
        assert download.suggested_filename.endswith(".pdf")
        with open(download.path(), "rb") as handle:
            assert handle.read(5) == b"%PDF-"
    finally:
        holder.close()

    stranger = browser.new_context(viewport=PHONE, locale="id-ID")
    page = stranger.new_page()
    try:
        page.goto(f"{live_server.url}/verify/{certificate.document.code}")
        expect(page.locator("[data-status=valid]")).to_be_visible()
        expect(page.locator("main")).to_contain_text(certificate.document.holder_name)
        nik = certificate.enrolment.participant.nik
        expect(page.locator("main")).not_to_contain_text(nik)
        # The second identifier and the signatory, as the paper prints them.
        expect(page.locator("main")).to_contain_text(mask_nik(nik))
        expect(page.locator("main")).to_contain_text("Dr. Siti Aminah, S.E.")
        expect(page.locator("main")).to_contain_text("Kepala BBPVP Bekasi")
        page.screenshot(path=screenshot_dir / "certificate-verify-phone.png", full_page=True)
        fits(page, PHONE["width"])

        # A mistyped code is a friendly "not found", on the same phone.
        page.goto(f"{live_server.url}/verify/")
        page.locator("input[name=code]").fill("ABCD EFGH IJKL MNOP QRST UVWX")
        page.locator("main form button").click()
        expect(page.locator("[data-status=unknown]")).to_be_visible()
        fits(page, PHONE["width"])
    finally:
        stranger.close()
