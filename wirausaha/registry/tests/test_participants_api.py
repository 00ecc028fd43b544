import json
from http import HTTPStatus

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from wirausaha.accounts.actions import create_api_token
from wirausaha.common.models import AuditEvent
from wirausaha.reference.models import Region
from wirausaha.registry.actions import register_participant
from wirausaha.registry.errors import NikTaken
from wirausaha.registry.models import Participant, Source
from wirausaha.registry.store import in_one_statement
from wirausaha.testing import all_at_once, make_participant

pytestmark = pytest.mark.django_db

VALID = {
    "nik": "3216014508850003",
    "full_name": "Siti Rahmawati",
    "birth_date": "05/08/1985",
    "sex": "P",
    "phone": "0812-3456-7890",
    "domicile": "32.16.01.2001",
    "layoff_date": "01/03/2025",
    "consent": True,
}


def post(client, body):
    return client.post("/api/v1/participants", json.dumps(body), content_type="application/json")


def test_an_officer_registers_a_participant_through_the_api(client, bekasi_officer):
    client.force_login(bekasi_officer)
    response = post(client, VALID)
    assert response.status_code == HTTPStatus.CREATED, response.content
    body = response.json()
    assert (body["nik"], body["phone"], body["domicile"]) == (
        "3216014508850003",
        "+6281234567890",
        "32.16.01.2001",
    )
    assert Participant.objects.get(pk=body["id"]).source == Source.OFFICER


def test_a_registration_with_a_token_writes_in_one_transaction_and_asks_nothing_else(
    client, bekasi_officer, django_assert_num_queries
):
    """The participant, its history row and the audit event: the token is trusted from the first
    request, the domicile's name is known without a query, and the duplicate check is the row's
    own empty `duplicates_checked_at` (no queue row)."""
    _, secret = create_api_token(user=bekasi_officer, by=None)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    assert post(client, {**VALID, "nik": "3216014508850011", "phone": "081200001111"}).status_code == 201
    tasks_before = DBTaskResult.objects.count()

    # A savepoint (the test's own transaction is open), the rows (store.py: one statement on
    # PostgreSQL, three INSERTs elsewhere), the savepoint's release.
    with django_assert_num_queries(3 if in_one_statement() else 5):
        response = post(client, VALID)
    assert response.status_code == HTTPStatus.CREATED, response.content
    assert response.json()["domicile_name"] == Region.objects.get(pk="32.16.01.2001").name
    participant = Participant.objects.get(pk=response.json()["id"])
    first = participant.history.get()
    assert (first.history_type, first.history_user, first.nik) == ("+", bekasi_officer, VALID["nik"])
    assert AuditEvent.objects.filter(verb="participant.registered", target_id=str(participant.pk)).exists()
    assert participant.duplicates_checked_at is None
    assert DBTaskResult.objects.count() == tasks_before


def test_bad_fields_are_a_422_naming_each_field(client, bekasi_officer):
    client.force_login(bekasi_officer)
    response = post(client, {**VALID, "nik": "3.21601E+15", "phone": "12345", "birth_date": "31/02/1985"})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"nik", "phone", "birth_date"}
    assert Participant.objects.count() == 0


def test_a_missing_field_is_a_422_too(client, bekasi_officer):
    client.force_login(bekasi_officer)
    body = {key: value for key, value in VALID.items() if key != "layoff_date"}
    response = post(client, body)
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert [error["field"] for error in response.json()["errors"]] == ["layoff_date"]


def test_no_registration_without_consent(client, bekasi_officer):
    client.force_login(bekasi_officer)
    response = post(client, {**VALID, "consent": False})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert response.json()["errors"][0]["field"] == "consent"


def test_an_officer_cannot_register_someone_outside_the_area(client, bekasi_officer):
    client.force_login(bekasi_officer)
    response = post(client, {**VALID, "nik": "5171014508850003", "domicile": "51.71.01.1001"})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert response.json()["errors"][0]["field"] == "domicile"


def test_the_same_nik_twice_is_refused_without_revealing_the_other_person(client, bekasi_officer):
    client.force_login(bekasi_officer)
    post(client, VALID)
    response = post(client, {**VALID, "full_name": "Orang Lain", "phone": "081299998888"})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    text = json.dumps(response.json())
    assert "nik" in text and "Siti" not in text and "7890" not in text
    assert Participant.objects.count() == 1


def test_partners_cannot_register_participants(client, centre_operator):
    client.force_login(centre_operator)
    assert post(client, VALID).status_code == HTTPStatus.NOT_FOUND


def test_the_list_is_scoped_filtered_and_masked_for_auditors(client, auditor, bekasi_officer):
    bekasi = make_participant("Ani", village="32.16.01.2001")
    make_participant("Made", village="51.71.01.1001", sex="M")

    client.force_login(bekasi_officer)
    body = client.get("/api/v1/participants").json()
    assert [item["full_name"] for item in body["items"]] == ["Ani"]
    assert body["items"][0]["nik"] == bekasi.nik

    client.force_login(auditor)
    body = client.get("/api/v1/participants", {"region": "51"}).json()
    assert [item["full_name"] for item in body["items"]] == ["Made"]
    assert "******" in body["items"][0]["nik"] and "*" in body["items"][0]["phone"]
    assert client.get("/api/v1/participants", {"status": "verified"}).json()["count"] == 0


def test_an_officer_of_another_regency_gets_404_for_a_participant(client, bekasi_participant):
    from wirausaha.accounts.models import Role
    from wirausaha.testing import make_user

    bogor = make_user("bogor", Role.REGENCY_OFFICER, region="32.01")
    client.force_login(bogor)
    assert client.get(f"/api/v1/participants/{bekasi_participant.pk}").status_code == HTTPStatus.NOT_FOUND
    assert client.get(f"/peserta/{bekasi_participant.pk}/").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Prepared statements are PostgreSQL's; CI runs the suite there too.",
)
def test_on_postgresql_a_connection_prepares_the_registration_inserts_once(client, bekasi_officer):
    """From the fifth registration on a connection, its statement (store.py) is prepared: the server
    no longer parses it for each request (settings: DATABASE_PREPARED_STATEMENTS)."""
    client.force_login(bekasi_officer)
    for number in range(6):
        body = {**VALID, "nik": f"32160145088500{11 + number}", "phone": f"08120000{1000 + number}"}
        assert post(client, body).status_code == HTTPStatus.CREATED

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any(
        statement.startswith('WITH new_participant AS (INSERT INTO "registry_participant"')
        for statement in prepared
    )


def test_a_bad_filter_is_a_422(client, bekasi_officer):
    client.force_login(bekasi_officer)
    response = client.get("/api/v1/participants", {"status": "menunggu"})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert response.json()["errors"][0]["field"] == "status"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers with a table lock; the race is a PostgreSQL matter (CI runs it there).",
)
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_registrations_with_the_same_nik_give_one_record(reference_regions):
    """Both requests pass validation before either writes: the database's unique index decides."""

    def register(name: str, phone: str):
        return lambda: register_participant(
            data={**VALID, "full_name": name, "phone": phone}, consent=True, by=None
        )

    created, failures = all_at_once([register("Siti", "081211110000"), register("Sita", "081222220000")])

    assert len(created) == 1
    assert [type(failure) for failure in failures] == [NikTaken]
    assert Participant.objects.filter(nik=VALID["nik"]).count() == 1


def test_a_registration_is_checked_for_probable_duplicates_by_the_pending_check(client, bekasi_officer):
    from wirausaha.registry.duplicates.actions import check_pending_duplicates
    from wirausaha.registry.models import DuplicateCandidate

    make_participant("Siti Rahmawati", village="32.16.01.2001", phone="+6281234567890")
    client.force_login(bekasi_officer)
    response = post(client, {**VALID, "nik": "3216014508850011"})
    assert response.status_code == HTTPStatus.CREATED
    assert not DuplicateCandidate.objects.exists()

    assert check_pending_duplicates() == 2  # the one made above has never been checked either
    candidate = DuplicateCandidate.objects.get()
    assert "same_phone" in str(candidate.reasons)
    assert not Participant.objects.filter(duplicates_checked_at__isnull=True).exists()
    assert check_pending_duplicates() == 0
