"""On a 360 x 740 phone without JavaScript: `pembeli` (a cooperative's buyer) posts a listing for
cassava crisps, sees `lulusan`'s business among the matches with the reason for each part of the
score, starts a deal and records its contract."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from wirausaha.accounts.models import Organisation, Role
from wirausaha.licensing.actions import save_business
from wirausaha.licensing.loaders import load_rules
from wirausaha.market.actions import save_offer
from wirausaha.market.models import Buyer, Deal
from wirausaha.testing import make_organisation, make_participant, make_user

from .test_wave_draw import PHONE, fits, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def market(reference_data, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_rules()
    organisation = make_organisation("Koperasi Pemasaran Uji", Organisation.Kind.MARKET_PARTNER)
    Buyer.objects.create(organisation=organisation, kind=Buyer.Kind.COOPERATIVE)
    make_user("pembeli", Role.MARKET_PARTNER, organisation=organisation)
    user = make_user("lulusan", Role.PARTICIPANT)
    graduate = make_participant("Lulusan Demo", user=user)
    business = save_business(
        participant=graduate,
        by=user,
        values={
            "name": "Keripik Singkong Lulusan",
            "kbli_code": "10794",
            "village_code": graduate.domicile_id,
            "scale": "micro",
            "workers": 1,
            "home_produced_food": True,
            "shelf_stable_packaged": True,
        },
    )
    save_offer(business=business, by=user, values={"capacity_per_month": 600, "price": 9000})
    return business


def test_pembeli_posts_a_listing_sees_lulusan_with_reasons_and_records_a_contract(
    browser, live_server, market, screenshot_dir
):
    context = browser.new_context(viewport=PHONE, locale="id-ID", java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, live_server, "pembeli")
        page.locator("a[href='/pasar/permintaan/']").first.click()
        page.locator("a[href='/pasar/permintaan/baru/']").click()
        expect(page.locator("h1")).to_have_text("Pasang permintaan")
        page.locator("input[name=product]").fill("Keripik singkong kemasan 150 gram")
        page.locator("input[name=kbli_code]").fill("10794")
        page.locator("input[name=regions]").fill("32")
        page.locator("input[name=unit]").fill("bungkus")
        page.locator("input[name=volume_per_month]").fill("2000")
        page.locator("input[name=min_per_supplier]").fill("300")
        page.locator("input[name=price_min]").fill("8000")
        page.locator("input[name=price_max]").fill("10000")
        page.locator("input[name=value]").fill("18000000")
        fits(page, PHONE["width"])
        page.locator("main form.panel button[type=submit]").click()

        found = page.locator("li[data-match]")
        expect(found).to_have_count(1)
        expect(found).to_contain_text("Keripik Singkong Lulusan")
        expect(found.locator(".reasons li")).to_have_count(4)
        expect(found).to_contain_text("Harga Rp 9.000 dalam kisaran pembeli.")
        fits(page, PHONE["width"])
        page.screenshot(path=str(screenshot_dir / "market-matches-phone.png"), full_page=True)

        found.locator("button[type=submit]").click()
        expect(page.locator("h1")).to_contain_text("Kesepakatan")
        page.locator("select[name=status]").select_option("contract")
        page.locator("input[name=contract_value]").fill("9000000")
        page.locator("input[name=contract_volume]").fill("1000")
        page.locator("input[name=contract_on]").fill(timezone.localdate().isoformat())
        page.locator("main form.panel button[type=submit]").click()
        expect(page.locator("[data-status]")).to_have_attribute("data-status", "contract")
        fits(page, PHONE["width"])
        page.screenshot(path=str(screenshot_dir / "market-deal-phone.png"), full_page=True)
    finally:
        context.close()
    deal = Deal.objects.get()
    assert (deal.status, deal.contract_value, deal.business_id) == ("contract", 9_000_000, market.pk)
