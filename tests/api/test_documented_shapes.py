"""The schema says what each input may hold (issue #25 item 18), without the API refusing more
than the shared rules do: what people type (spaces, dots, hyphens, dd/mm/yyyy) fits the documented
shape, and a value that does not fit is refused by the rules too."""

import json
import re
from http import HTTPStatus

import pytest

from wirausaha.api.errors import NO_CONTROL_CHARACTERS
from wirausaha.registry.validation import Invalid, parse_date, parse_nik, parse_phone, region_code

pytestmark = pytest.mark.django_db

TYPED = {
    "nik": (
        parse_nik,
        ["3216014508850003", "3216 0145 0885 0003", "32.16.01-4508850003", "'3216014508850003"],
    ),
    "phone": (parse_phone, ["0812 3456 7890", "0812-3456-7890", "+62 812-3456-7890", "6281234567890"]),
    "birth_date": (parse_date, ["05/08/1985", "5-8-1985", "1985-08-05", "5 Agustus 1985", "31264"]),
    "domicile": (region_code, ["32.16.01.2001", "3216012001", "32.16.01", "321601"]),
}
REFUSED = {"nik": "sarjana", "phone": "sarjana", "birth_date": "sarjana", "domicile": "sarjana"}


@pytest.fixture
def schema(client):
    return client.get("/api/v1/openapi.json").json()


def test_what_people_type_fits_the_documented_shape_and_the_rules(schema):
    fields = schema["components"]["schemas"]["ParticipantIn"]["properties"]
    for name, (parse, values) in TYPED.items():
        pattern = fields[name]["pattern"]
        assert pattern != NO_CONTROL_CHARACTERS, name
        for value in values:
            parse(value)  # the rules accept it…
            assert re.search(pattern, value), (name, value)  # …and so does the schema
        assert not re.search(pattern, REFUSED[name]), name
        if name != "domicile":  # a domicile is refused by the region table (422), not by a parser
            with pytest.raises(Invalid):
                parse(REFUSED[name])
    for name in ("layoff_date", "existing_business_since", "employer_sector", "business_interest_sector"):
        assert "pattern" in fields[name] and fields[name]["pattern"] != NO_CONTROL_CHARACTERS, name
    assert re.search(fields["employer_sector"]["pattern"], "") and re.search(
        fields["employer_sector"]["pattern"], "10794"
    )


def test_the_shapes_are_documented_not_enforced_so_the_rules_messages_reach_the_caller(
    client, bekasi_officer
):
    """A NIK that Excel turned into a number is told so by the rule, not by a pattern's message."""
    client.force_login(bekasi_officer)
    body = {
        "nik": "3.21601E+15",
        "full_name": "Siti Rahmawati",
        "birth_date": "05/08/1985",
        "sex": "P",
        "phone": "0812-3456-7890",
        "domicile": "32.16.01.2001",
        "layoff_date": "01/03/2025",
        "consent": True,
    }
    response = client.post("/api/v1/participants", json.dumps(body), content_type="application/json")
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    (error,) = response.json()["errors"]
    assert error["field"] == "nik" and "3.21601E+15" in error["message"]
    assert "pattern" not in error["message"]


def test_free_text_inputs_are_documented_without_control_characters(schema):
    """The edge middleware refuses them (400) before any operation; the schema says so."""
    assert re.search(NO_CONTROL_CHARACTERS, "Siti\tRahmawati") and not re.search(
        NO_CONTROL_CHARACTERS, "a\x00b"
    )
    fields = schema["components"]["schemas"]["ParticipantIn"]
    assert fields["properties"]["full_name"]["pattern"] == NO_CONTROL_CHARACTERS
    assert fields["propertyNames"] == {"pattern": NO_CONTROL_CHARACTERS}
    (query,) = [p for p in schema["paths"]["/api/v1/regions"]["get"]["parameters"] if p["name"] == "q"]
    assert query["schema"]["anyOf"][0]["pattern"] == NO_CONTROL_CHARACTERS
