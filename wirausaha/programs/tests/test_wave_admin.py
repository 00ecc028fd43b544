"""The Django admin is where a national admin defines a wave, its quotas and its rules, while the
wave is a draft; from opening on it only shows them."""

from http import HTTPStatus

from wirausaha.common.models import AuditEvent
from wirausaha.programs.models import EligibilityRule, Programme, Quota, Wave
from wirausaha.programs.tests.support import make_wave


def inline(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{name}": value for name, value in row.items()})
    return data


def test_a_national_admin_defines_a_draft_wave_with_quotas_and_rules(client, national_admin):
    programme = Programme.objects.create(code="LK-PHK-2026", name="Layanan 2026")
    client.force_login(national_admin)

    form = client.get("/admin/programs/wave/add/")
    response = client.post(
        "/admin/programs/wave/add/",
        {
            "programme": programme.pk,
            "code": "PHK-2026-1",
            "name": "Gelombang 2026-1",
            "opens_on": "2026-02-01",
            "closes_on": "2026-02-28",
            "selection_date": "2026-03-05",
            "target": "120",
            "waitlist_is_comparison_group": "on",
            "seed_source": "",
            **inline("quotas", [{"region": "32", "seats": "100"}, {"region": "32.16", "seats": "20"}]),
            **inline("eligibility_rules", [{"kind": "age_between", "params": '{"min": 18, "max": 60}'}]),
            **inline("priority_rules", [{"kind": "women", "points": "2", "params": "{}"}]),
        },
    )

    assert form.status_code == HTTPStatus.OK
    # A quota is for a province or a regency, never a district or a village.
    assert '<option value="32.16">' in form.content.decode()
    assert '<option value="32.16.01">' not in form.content.decode()
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"] if response.context else ""
    wave = Wave.objects.get(code="PHK-2026-1")
    assert wave.status == Wave.Status.DRAFT
    assert sorted(wave.quotas.values_list("region_id", "seats")) == [("32", 100), ("32.16", 20)]
    assert wave.eligibility_rules.get().params == {"min": 18, "max": 60}
    assert AuditEvent.objects.filter(
        verb="wave.defined", target_id=str(wave.pk), actor=national_admin
    ).exists()


def test_an_open_wave_is_shown_but_not_changed_in_the_admin(client, national_admin):
    wave = make_wave()
    client.force_login(national_admin)

    page = client.get(f"/admin/programs/wave/{wave.pk}/change/")
    change = client.post(f"/admin/programs/wave/{wave.pk}/change/", {"name": "Renamed", "target": "999"})
    delete = client.post(f"/admin/programs/wave/{wave.pk}/delete/", {"post": "yes"})

    assert page.status_code == HTTPStatus.OK
    assert 'name="_save"' not in page.content.decode()
    assert change.status_code == HTTPStatus.FORBIDDEN
    assert delete.status_code == HTTPStatus.FORBIDDEN
    wave.refresh_from_db()
    assert (wave.name, wave.target) == ("Gelombang PHK-2025-1", 3)
    assert Quota.objects.filter(wave=wave).count() == 2
    assert EligibilityRule.objects.filter(wave=wave).count() == 4


def test_enrolments_are_read_only_in_the_admin(client, national_admin):
    client.force_login(national_admin)

    assert client.get("/admin/programs/enrolment/").status_code == HTTPStatus.OK
    assert client.get("/admin/programs/enrolment/add/").status_code == HTTPStatus.FORBIDDEN


def test_officers_do_not_reach_the_wave_admin(client, jabar_officer):
    client.force_login(jabar_officer)

    response = client.get("/admin/programs/wave/")

    assert response.status_code == HTTPStatus.FOUND
    assert "/admin/login/" in response["Location"]
