"""The verdict in words (#23 item 1): each rule states the wave's condition and the person's own
value, dates as Indonesian text writes them; the wave page shows the verdict before applying and
points to an open wave that would take the person."""

from dataclasses import replace
from datetime import date

import pytest
from django.utils import translation

from wirausaha.accounts.models import Role
from wirausaha.programs.eligibility import Rule
from wirausaha.programs.models import Wave
from wirausaha.programs.tests.support import ANI, enrol, make_wave, only_result
from wirausaha.programs.texts import describe_rule, explain
from wirausaha.registry.models import Participant, Verification
from wirausaha.testing import make_participant, make_user

LAYOFF = Rule("laid_off_within_months", {"months": 12})
DEMO_OPENING = date(2025, 11, 1)


def words(applicant, rule=LAYOFF, language="id", **kwargs):
    with translation.override(language):
        return explain(only_result(rule, applicant, opening_day=DEMO_OPENING), **kwargs)


def test_a_layoff_after_the_opening_is_named_as_the_reason_with_indonesian_dates():
    text = words(replace(ANI, layoff_date=date(2026, 9, 30)), language="en")

    assert "after the wave opened" in text
    assert "30 September 2026" in text
    assert "1 November 2024" in text and "1 November 2025" in text
    assert "2024-11-01" not in text


def test_indonesian_text_carries_indonesian_month_names():
    text = words(replace(ANI, layoff_date=date(2024, 8, 15)))

    assert "15 Agustus 2024" in text
    assert "2024-08-15" not in text


@pytest.mark.parametrize(
    ("layoff", "phrase"),
    [
        (date(2024, 10, 31), "before 1 November 2024"),
        (date(2025, 5, 2), "You were laid off on 2 May 2025: the wave takes"),
        (date(2025, 11, 2), "after the wave opened on 1 November 2025"),
    ],
)
def test_each_layoff_outcome_says_which_side_of_the_window_the_day_falls(layoff, phrase):
    assert phrase in words(replace(ANI, layoff_date=layoff), language="en")


def test_jkp_names_the_persons_own_answer():
    rule = Rule("jkp_recipient", {"required": True})

    assert "you do not receive it" in words(replace(ANI, jkp_recipient=False), rule, "en")
    assert "and you receive it" in words(replace(ANI, jkp_recipient=True), rule, "en")


def test_the_domicile_rule_names_the_places_when_it_can():
    rule = Rule("domicile_in_wave_regions")
    names = {"32": "Jawa Barat", "31.74": "Kota Jakarta Selatan", "51": "Bali", "51.71": "Kota Denpasar"}
    text = words(
        replace(ANI, domicile="51.71.01.1001"), rule, "en", region_names=names, wave_regions=["32", "31.74"]
    )

    assert text == "You live in Kota Denpasar; the wave is for Jawa Barat, Kota Jakarta Selatan."


def test_the_condition_list_names_the_layoff_window():
    with translation.override("en"):
        text = describe_rule("laid_off_within_months", {"months": 12}, "x", opening_day=DEMO_OPENING)

    assert text.startswith("Laid off between 1 November 2024 and 1 November 2025")


# The wave page ---------------------------------------------------------------------------------


@pytest.fixture
def late_layoff(db):
    """A participant laid off after PHK-2025-1 opened (1 June 2025); PHK-2025-2 opens later."""
    user = make_user("siti", Role.PARTICIPANT)
    participant = make_participant("Siti Rahmawati", user=user)
    Participant.objects.filter(pk=participant.pk).update(
        layoff_date=date(2025, 9, 30), verification=Verification.PENDING
    )
    first = make_wave("PHK-2025-1")
    second = make_wave("PHK-2025-2")
    Wave.objects.filter(pk=second.pk).update(
        opens_on=date(2025, 10, 1), closes_on=date(2025, 10, 30), selection_date=date(2025, 11, 5)
    )
    return user, first, second


def test_the_wave_page_tells_the_verdict_before_applying_and_points_to_the_wave_that_would_take(
    client, late_layoff
):
    user, first, second = late_layoff
    client.force_login(user)

    page = client.get(f"/gelombang/{first.code}/", HTTP_ACCEPT_LANGUAGE="id").content.decode()

    assert 'data-likely="ineligible"' in page
    assert "30 September 2025" in page
    assert "2025-06-01" not in page
    assert f'href="/gelombang/{second.code}/"' in page
    # The verification still to come does not rule the person out in the other wave.
    other = client.get(f"/gelombang/{second.code}/").content.decode()
    assert 'data-likely="eligible"' in other
    assert 'data-state="todo"' in other


def test_an_ineligible_applicant_is_not_offered_to_withdraw(client, late_layoff):
    user, first, _second = late_layoff
    enrolment = enrol(first, "", participant=user.participant)
    type(enrolment).objects.filter(pk=enrolment.pk).update(
        state="ineligible", verdict=[{"kind": "laid_off_within_months", "passed": False}]
    )
    client.force_login(user)

    page = client.get(f"/gelombang/{first.code}/").content.decode()

    assert "/mundur/" not in page
    assert 'data-state="fail"' in page
