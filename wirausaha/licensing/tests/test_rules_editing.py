"""Admins edit the rules as data: each keeps its legal basis, every change is audited with its
reason, and the businesses' checklists follow."""

import pytest

from wirausaha.common.errors import InvalidInput, PermissionDenied
from wirausaha.common.models import AuditEvent
from wirausaha.licensing.actions import refresh_checklist, save_rule
from wirausaha.licensing.loaders import load_rules
from wirausaha.licensing.models import LicensingRule

from .support import business, owner

pytestmark = pytest.mark.usefixtures("english")


def _values(rule, **changes):
    from wirausaha.licensing.actions.rules import FIELDS

    return {**{f: getattr(rule, f) for f in FIELDS}, **changes}


@pytest.mark.django_db
def test_loading_the_shipped_rules_is_idempotent_and_keeps_edits(national_admin):
    load_rules()
    count = LicensingRule.objects.count()
    rule = LicensingRule.objects.get(code="spp-irt-tahan-simpan")
    save_rule(
        by=national_admin,
        rule=rule,
        values=_values(rule, legal_basis="PerBPOM 4/2024 (diubah)"),
        reason="uji",
    )
    loaded = load_rules()
    assert loaded.created == 0 and LicensingRule.objects.count() == count
    assert LicensingRule.objects.get(code="spp-irt-tahan-simpan").legal_basis == "PerBPOM 4/2024 (diubah)"


@pytest.mark.django_db
def test_a_rule_change_is_audited_with_its_reason(national_admin):
    load_rules()
    rule = LicensingRule.objects.get(code="halal-sehati")
    save_rule(
        by=national_admin,
        rule=rule,
        values=_values(rule, conditions={"home_food": True, "scales": ["micro"], "needs_nib": True}),
        reason="Kuota SEHATI 2027 hanya untuk usaha mikro",
    )
    event = AuditEvent.objects.get(verb="licensing_rule.changed", target_id=str(rule.pk))
    assert event.reason == "Kuota SEHATI 2027 hanya untuk usaha mikro" and "conditions" in event.changes


@pytest.mark.django_db
def test_a_change_without_reason_or_legal_basis_is_refused(national_admin):
    load_rules()
    rule = LicensingRule.objects.get(code="halal-sehati")
    with pytest.raises(InvalidInput) as refused:
        save_rule(by=national_admin, rule=rule, values=_values(rule, legal_basis=" "), reason="")
    assert set(refused.value.errors) == {"legal_basis", "reason"}


@pytest.mark.django_db
def test_only_a_national_admin_edits_rules(auditor, jabar_officer):
    load_rules()
    rule = LicensingRule.objects.first()
    for outsider in (auditor, jabar_officer):
        with pytest.raises(PermissionDenied):
            save_rule(by=outsider, rule=rule, values=_values(rule), reason="x")


@pytest.mark.django_db
def test_a_new_rule_reaches_the_checklist_at_the_next_refresh(national_admin):
    b = business(owner())
    save_rule(
        by=national_admin,
        values={
            "code": "izin-lingkungan-uji",
            "kind": "izin",
            "order": 60,
            "kbli_prefix": "107",
            "risk_levels": [],
            "conditions": {},
            "title": "Izin uji",
            "legal_basis": "Peraturan uji 1/2027",
            "guidance": "Langkah uji.",
            "is_active": True,
        },
    )
    assert AuditEvent.objects.filter(verb="licensing_rule.created").exists()
    refresh_checklist(business=b, by=None)
    assert b.checklist_items.filter(kind="izin", required=True).exists()


@pytest.mark.django_db
def test_bad_conditions_or_codes_are_refused(national_admin):
    values = {
        "code": "Bukan Kode",
        "kind": "izin",
        "order": 0,
        "kbli_prefix": "1a",
        "risk_levels": ["sedang"],
        "conditions": {"warna": True},
        "title": "x",
        "legal_basis": "y",
        "guidance": "z",
    }
    with pytest.raises(InvalidInput) as refused:
        save_rule(by=national_admin, values=values)
    assert set(refused.value.errors) == {"code", "order", "kbli_prefix", "risk_levels", "conditions"}
