"""Who handles and who sees a case: the narrowest fitting desk, never the staff of the organisation
concerned; the accused centre's staff get the same 404 as for a case that does not exist."""

import pytest
from django.test import Client

from wirausaha.accounts.models import Organisation, Role
from wirausaha.grievances.models import EscalationReason, Level
from wirausaha.grievances.queries import grievance_statistics, grievances_visible_to
from wirausaha.reference.models import Region
from wirausaha.testing import make_organisation, make_user

from .support import bekasi_centre, officer, report

pytestmark = pytest.mark.django_db


def test_a_complaint_goes_to_the_narrowest_desk_of_its_region_and_category():
    national = officer("aduan.pusat")
    province = officer("aduan.jabar", region="32")
    regency = officer("aduan.bekasi", region="32.16", categories=["illegal_fee"])
    centre = bekasi_centre()
    fee, _ = report(centre)
    other, _ = report(centre, category="discrimination", description="Saya ditolak karena usia saya.")
    elsewhere, _ = report(None, description="Di Bali petugas meminta uang Rp 50.000.")
    assert fee.assigned_to == regency
    assert other.assigned_to == province
    assert elsewhere.assigned_to == national


def test_the_accused_centres_staff_never_see_the_case_or_the_reporter():
    centre = bekasi_centre()
    officer("aduan.jabar", region="32")
    operator = make_user("operator.aduan", Role.CENTRE_OPERATOR, organisation=centre.organisation)
    # A grievance officer employed by the centre itself: not routed, not shown.
    insider = officer("aduan.orang.dalam", region="32.16", organisation=centre.organisation)
    case, _ = report(centre, contact_name="Siti Pelapor", contact="081299990000", anonymous=False)
    assert case.assigned_to != insider
    for user in (operator, insider):
        assert not grievances_visible_to(user).exists()
        client = Client()
        client.force_login(user)
        for url in (f"/pengaduan/kasus/{case.pk}/", f"/api/v1/grievance-cases/{case.pk}"):
            response = client.get(url)
            assert response.status_code == 404, (user.username, url)
            assert b"Siti Pelapor" not in response.content and b"081299990000" not in response.content
        assert client.get("/api/v1/grievance-cases").json()["items"] == []


def test_a_regional_desk_does_not_see_another_regions_cases():
    jabar = officer("aduan.jabar", region="32")
    bali = officer("aduan.bali", region="51")
    case, _ = report(bekasi_centre())
    assert list(grievances_visible_to(jabar)) == [case]
    assert not grievances_visible_to(bali).exists()
    client = Client()
    client.force_login(bali)
    assert client.get(f"/pengaduan/kasus/{case.pk}/").status_code == 404
    client.force_login(jabar)
    assert client.get(f"/pengaduan/kasus/{case.pk}/").status_code == 200


def test_a_complaint_about_a_labour_office_goes_to_the_national_level_at_once():
    national = officer("aduan.pusat")
    jabar = officer("aduan.jabar", region="32")
    office = make_organisation("Disnaker Aduan Bekasi", Organisation.Kind.REGENCY_OFFICE, region="32.16")
    case, _ = report(
        None,
        region=Region.objects.get(pk="32.16"),
        about_labour_office=True,
        category="service_not_delivered",
    )
    assert case.level == Level.NATIONAL and case.escalation_reason == EscalationReason.LABOUR_OFFICE
    assert case.assigned_to == national and case.concerned_organisation == office
    assert case.escalated_at is not None and case.assigned_to != jabar
    # The office's own staff (any role) do not see it.
    staff = make_user("staf.disnaker", Role.GRIEVANCE_OFFICER, organisation=office)
    assert not grievances_visible_to(staff).exists()


def test_statistics_count_without_identities():
    admin = make_user("admin.aduan", Role.NATIONAL_ADMIN)
    officer("aduan.jabar", region="32")
    centre = bekasi_centre()
    report(centre, contact_name="Siti Pelapor", contact="0812", anonymous=False)
    report(centre, category="harassment", description="Ucapan tidak pantas di kelas.")
    stats = grievance_statistics(admin)
    assert stats["total"] == 2 and stats["open"] == 2
    assert {row["category"]: row["count"] for row in stats["by_category"]}["illegal_fee"] == 1
    assert stats["by_centre"] == [{"centre_id": centre.pk, "centre": centre.short_name, "count": 2}]
    assert "Siti" not in str(stats) and "0812" not in str(stats)
    trainer = make_user("pelatih.aduan", Role.TRAINER, organisation=centre.organisation)
    assert grievance_statistics(trainer)["total"] == 0
