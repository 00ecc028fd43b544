"""`kur_readiness --instance FILE --json` end to end: the issue's input and output shapes, the
product versions read from the database, and bad input answered with {"errors": [...]} and status 1."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from wirausaha.finance.data import product_rows, sync_products
from wirausaha.finance.models import FinancingProduct

pytestmark = pytest.mark.django_db
ROWS = {row["code"]: row for row in product_rows()}
SUPER_CEILING = ROWS["kur_super_mikro"]["max_amount"]


@pytest.fixture(autouse=True)
def seeded():
    """The products the migration seeded (put back after a committing test's flush)."""
    sync_products(FinancingProduct)


def command(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("kur_readiness", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def run(tmp_path, content) -> tuple[int, dict]:
    path = tmp_path / "instance.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    status, out = command("--instance", str(path), "--json")
    return status, json.loads(out)


def person(**changes) -> dict:
    return {
        "id": "a1",
        "product": "kur_super_mikro",
        "amount": SUPER_CEILING,
        "business_started": "2026-09-01",
        "documents": ["ektp", "kk", "nib", "bank_account"],
        "plan_approved": True,
        "evidence": ["mentoring"],
        **changes,
    }


def test_the_issue_example_is_ready(tmp_path):
    status, out = run(tmp_path, {"date": "2026-12-01", "applicants": [person()]})
    assert status == 0
    assert out == {"applicants": [{"id": "a1", "ready": True, "missing": []}]}


def test_each_applicant_gets_its_sorted_missing_codes_in_input_order(tmp_path):
    mikro = ROWS["kur_mikro"]
    applicants = [
        person(id="over", amount=SUPER_CEILING + 1),
        person(id="young", product="kur_mikro", amount=mikro["npwp_above"] + 1, documents=["ektp"]),
        person(id="lanjutan", product="tkm_lanjutan", amount=ROWS["tkm_lanjutan"]["max_amount"]),
    ]
    status, out = run(tmp_path, {"date": "2026-12-01", "applicants": applicants})
    assert status == 0
    assert out["applicants"] == [
        {"id": "over", "ready": False, "missing": ["amount_above_ceiling"]},
        {
            "id": "young",
            "ready": False,
            "missing": ["bank_account", "business_age", "kk", "nib_or_sku", "npwp"],
        },
        {"id": "lanjutan", "ready": False, "missing": ["new_workers"]},
    ]


def test_a_date_before_the_products_are_in_force_says_so(tmp_path):
    before = ROWS["kur_super_mikro"]["in_force_from"].replace(day=1).isoformat()
    status, out = run(tmp_path, {"date": before, "applicants": [person(business_started=None)]})
    assert status == 0
    assert out["applicants"][0]["missing"] == ["product_not_in_force"]


def test_a_new_version_applies_from_its_date_and_the_old_one_before(tmp_path):
    current = FinancingProduct.objects.get(code="kur_super_mikro")
    FinancingProduct.objects.filter(pk=current.pk).update(in_force_until=date(2026, 11, 30))
    raised = FinancingProduct.objects.get(pk=current.pk)
    raised.pk = None
    raised.max_amount = current.max_amount * 2
    raised.in_force_from, raised.in_force_until = date(2026, 12, 1), None
    raised.save()
    bigger = {"applicants": [person(amount=current.max_amount + 1)]}
    assert run(tmp_path, {"date": "2026-12-01", **bigger})[1]["applicants"][0]["ready"] is True
    assert run(tmp_path, {"date": "2026-11-30", **bigger})[1]["applicants"][0]["missing"] == [
        "amount_above_ceiling"
    ]


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ("{not json", "input"),
        ([], "input"),
        ({"applicants": []}, "date"),
        ({"date": "2026-02-30", "applicants": []}, "date"),
        ({"date": "2026-12-01"}, "applicants"),
        ({"date": "2026-12-01", "applicants": {}}, "applicants"),
        ({"date": "2026-12-01", "applicants": ["a1"]}, "applicants[0]"),
        ({"date": "2026-12-01", "applicants": [person(product="kur_khayalan")]}, "applicants[0].product"),
        ({"date": "2026-12-01", "applicants": [person(amount=1.5)]}, "applicants[0].amount"),
        ({"date": "2026-12-01", "applicants": [person(amount=0)]}, "applicants[0].amount"),
        ({"date": "2026-12-01", "applicants": [person(amount=True)]}, "applicants[0].amount"),
        (
            {"date": "2026-12-01", "applicants": [person(business_started="1/9/2026")]},
            "applicants[0].business_started",
        ),
        (
            {"date": "2026-12-01", "applicants": [person(documents=["passport"])]},
            "applicants[0].documents[0]",
        ),
        ({"date": "2026-12-01", "applicants": [person(evidence="mentoring")]}, "applicants[0].evidence"),
        ({"date": "2026-12-01", "applicants": [person(plan_approved="yes")]}, "applicants[0].plan_approved"),
        ({"date": "2026-12-01", "applicants": [person(id="")]}, "applicants[0].id"),
        ({"date": "2026-12-01", "applicants": [person(), person()]}, "applicants[1].id"),
        ({"date": "2026-12-01", "applicants": [person(colour="red")]}, "applicants[0].colour"),
    ],
)
def test_bad_input_names_the_field_and_exits_with_one(tmp_path, content, field):
    status, out = run(tmp_path, content)
    assert status == 1
    assert field in [error["field"] for error in out["errors"]]
    assert all(set(error) == {"field", "message"} and error["message"] for error in out["errors"])


def test_an_unreadable_file_is_an_error_not_a_crash(tmp_path):
    status, out = command("--instance", str(tmp_path / "missing.json"), "--json")
    assert status == 1
    assert json.loads(out)["errors"][0]["field"] == "input"


def test_without_json_it_prints_a_summary(tmp_path):
    path = tmp_path / "instance.json"
    path.write_text(json.dumps({"date": "2026-12-01", "applicants": [person(), person(id="a2", kk=None)]}))
    status, out = command("--instance", str(path))
    assert status == 1  # "kk" is not a field
    path.write_text(
        json.dumps({"date": "2026-12-01", "applicants": [person(), person(id="a2", documents=[])]})
    )
    status, out = command("--instance", str(path))
    assert status == 0
    assert out.splitlines()[0] == "2026-12-01: 1 of 2 ready"
    assert "a2: missing bank_account, ektp, kk, nib_or_sku" in out
