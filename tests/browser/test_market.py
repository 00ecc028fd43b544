"""On a 360 x 740 phone without JavaScript: `pembeli` (a cooperative's buyer) posts a listing for
cassava crisps, sees `lulusan`'s business among the matches with the reason for each part of the
score, starts a deal and records its contract. And at a business-matching event: `pembeli` finds
its meeting with `lulusan` on the schedule and its agenda, records the meeting's outcome (a deal),
records the contract, closes the listing after the confirmation; the admin's report shows the
contract from the meeting."""

from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from wirausaha.accounts.models import Organisation, Role
from wirausaha.licensing.actions import save_business
from wirausaha.licensing.loaders import load_rules
from wirausaha.market import actions
from wirausaha.market.actions import save_offer
from wirausaha.market.models import Buyer, Deal, Event, Listing, Meeting
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


@pytest.fixture
def scheduled(market):
    """`pembeli`'s listing matched with `lulusan`'s business, both registered at an event, asked to
    meet each other, scheduled and told that their agendas are ready."""
    buyer = Buyer.objects.get()
    listing = actions.save_listing(
        buyer=buyer,
        by=None,
        values={"product": "Keripik singkong 150 g", "kbli_code": "10794", "regions": ["32"],
                "unit": "bungkus", "volume_per_month": 2000, "min_per_supplier": 300, "price_min": 8000,
                "price_max": 10000, "route": Listing.Route.DIRECT, "value": 18_000_000},
    )  # fmt: skip
    actions.refresh_listing(listing.pk)
    event = actions.create_event(
        by=None,
        values={"name": "Temu Bisnis UMKM Bekasi", "held_on": timezone.localdate() + timedelta(days=7),
                "place": "BBPVP Bekasi, Aula 2", "starts_at": time(9), "slots": 4, "tables": 3},
    )  # fmt: skip
    seller = actions.register(event=event, business=market, by=None, unavailable=[0])
    buying = actions.register(event=event, buyer=buyer, by=None)
    actions.request_meeting(source=buying, target=seller, by=None)
    actions.request_meeting(source=seller, target=buying, by=None)
    actions.schedule_event(event=event, by=None, time_limit=5)
    actions.send_agendas(event=event, by=None)
    make_user("admin", Role.NATIONAL_ADMIN)
    return event


def test_pembeli_meets_lulusan_at_an_event_records_the_deal_and_the_admin_sees_it_in_the_report(
    browser, live_server, scheduled, screenshot_dir
):
    event, url = scheduled, live_server.url
    meeting = Meeting.objects.get()
    context = browser.new_context(viewport=PHONE, locale="id-ID", java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, live_server, "pembeli")
        page.locator("a[href='/pasar/acara/']").first.click()
        page.locator(f"a[href='/pasar/acara/{event.pk}/']").click()
        expect(page.locator("h1")).to_have_text("Temu Bisnis UMKM Bekasi")
        row = page.locator(f"tr[data-meeting='{meeting.pk}']")
        expect(row).to_contain_text("Keripik Singkong Lulusan")
        expect(row).to_contain_text(event.slot_time(meeting.slot))
        agenda = page.locator(f"a[href='/pasar/acara/{event.pk}/agenda-saya/']")
        answer = page.request.get(url + agenda.get_attribute("href"))
        assert answer.headers["content-type"] == "application/pdf" and answer.body().startswith(b"%PDF")
        fits(page, PHONE["width"])
        page.screenshot(path=str(screenshot_dir / "market-event-phone.png"), full_page=True)

        page.locator(f"main a[href='/pasar/acara/{event.pk}/hasil/']").first.click()
        card = page.locator(f"li[data-meeting='{meeting.pk}']")
        card.locator("select[name=outcome]").select_option("deal")
        card.locator("button[type=submit]").click()
        expect(page.locator(f"li[data-meeting='{meeting.pk}'] [data-outcome]")).to_have_attribute(
            "data-outcome", "deal"
        )
        fits(page, PHONE["width"])
        page.screenshot(path=str(screenshot_dir / "market-outcomes-phone.png"), full_page=True)

        deal = Deal.objects.get(meeting=meeting)
        assert deal.status == "negotiating"
        page.goto(f"{url}/pasar/kesepakatan/{deal.pk}/")
        page.locator("select[name=status]").select_option("contract")
        page.locator("input[name=contract_value]").fill("9000000")
        page.locator("input[name=contract_volume]").fill("1000")
        page.locator("input[name=contract_on]").fill(timezone.localdate().isoformat())
        page.locator("main form.panel button[type=submit]").click()
        expect(page.locator("main dl.facts")).to_contain_text("Rp 9.000.000")

        listing = Listing.objects.get()
        page.goto(f"{url}/pasar/permintaan/{listing.pk}/")
        page.locator(f"a[href='/pasar/permintaan/{listing.pk}/tutup/']").click()
        expect(page.locator("h1")).to_have_text("Tutup permintaan")
        fits(page, PHONE["width"])
        page.screenshot(path=str(screenshot_dir / "market-close-phone.png"), full_page=True)
        page.locator("main form.panel button[type=submit]").click()
        expect(page.locator("main dl.facts")).to_contain_text("Ditutup")
    finally:
        context.close()

    admin = browser.new_context(viewport=PHONE, locale="id-ID", java_script_enabled=False)
    page = admin.new_page()
    try:
        log_in(page, live_server, "admin")
        page.goto(f"{url}/pasar/acara/{event.pk}/")
        expect(page.locator(f"a[href='/pasar/acara/{event.pk}/meja/{meeting.table + 1}/']")).to_be_visible()
        fits(page, PHONE["width"])
        page.screenshot(path=str(screenshot_dir / "market-event-admin-phone.png"), full_page=True)
        page.goto(f"{url}/pasar/laporan/")
        expect(page.locator("[data-from-meetings]")).to_have_text("Rp 9.000.000")
        fits(page, PHONE["width"])
        page.screenshot(path=str(screenshot_dir / "market-report-phone.png"), full_page=True)
    finally:
        admin.close()
    assert Deal.objects.get().status == "contract"
    assert Event.objects.get().agendas_sent_at is not None
