"""Follow-up rounds: who is due, the signed link (tampered, expired, another person's), one answer per
person per round (a second submission edits, audited), reminders, response rates per arm."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from wirausaha.accounts.models import Role
from wirausaha.common.models import AuditEvent
from wirausaha.monitoring import links
from wirausaha.monitoring.actions import open_round, send_reminders, submit_answer
from wirausaha.monitoring.models import FollowUpAnswer, FollowUpInvite
from wirausaha.monitoring.queries import response_rates
from wirausaha.notifications.models import Message
from wirausaha.programs.models import Enrolment
from wirausaha.testing import make_participant, make_selected_wave, make_user

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")

ANSWERS = {
    "operating": "1",
    "monthly_revenue": "2500000",
    "monthly_profit": "-100000",
    "workers_paid": "1",
    "workers_unpaid": "0",
    "financing_amount": "0",
    "buyers": "0",
    "contract_value": "0",
    "household_income": "3000000",
}


@pytest.fixture
def drawn():
    """A wave whose training ended 30 September 2025: Lulu selected (with an account), Wati
    waitlisted (with an account), Budi waitlisted (no account), Dedi from Bali selected."""
    lulu = make_participant("Lulu", user=make_user("lulu", Role.PARTICIPANT))
    wati = make_participant("Wati", village="32.16.02.2001", user=make_user("wati", Role.PARTICIPANT))
    budi = make_participant("Budi", village="32.16.02.2001")
    dedi = make_participant("Dedi", village="51.71.01.1001")
    wave = make_selected_wave("FU-1", participants=[lulu, dedi], quotas={"32": 1, "51": 1})
    for person in (wati, budi):
        Enrolment.objects.create(wave=wave, participant=person, state="waitlisted", lottery_outcome="W")
    return wave, {"lulu": lulu, "wati": wati, "budi": budi, "dedi": dedi}


def opened(wave, admin, months=3):
    return open_round(
        wave=wave, months=months, by=admin, base_url="https://wirausaha.example", today=date(2026, 1, 5)
    )


def test_a_round_makes_everyone_drawn_due_with_their_arm_and_sends_the_links(drawn, national_admin):
    wave, people = drawn
    round_ = opened(wave, national_admin)
    assert (round_.opens_on, round_.closes_on) == (date(2025, 12, 30), date(2026, 1, 29))
    arms = dict(FollowUpInvite.objects.filter(round=round_).values_list("participant__full_name", "arm"))
    assert arms == {"Lulu": "selected", "Dedi": "selected", "Wati": "waitlisted", "Budi": "waitlisted"}
    sent = Message.objects.filter(recipient__in=[people["lulu"].user, people["wati"].user])
    assert sent.count() == 2
    assert set(sent.values_list("event", flat=True)) == {"follow_up_due"}  # its template and consent
    assert f"/pemantauan/jawab/{people['lulu'].pk}/" in sent.get(recipient=people["lulu"].user).body


def test_the_link_opens_the_form_without_a_password_and_a_second_answer_edits(client, drawn, national_admin):
    wave, people = drawn
    round_ = opened(wave, national_admin)
    lulu = people["lulu"]
    url = links.path_for(round_, lulu.pk)
    now = datetime(2026, 1, 10, tzinfo=JAKARTA)
    assert links.read(url.rstrip("/").rsplit("/", 1)[1], lulu.pk, now=now) == round_
    # The test clock is today's; the round must be open for the page: move it.
    round_.closes_on = date.today() + timedelta(days=10)
    round_.save()
    assert client.get(url).status_code == 200
    response = client.post(url, ANSWERS)
    assert response.status_code == 200
    answer = FollowUpAnswer.objects.get(round=round_, participant=lulu)
    assert (answer.operating, answer.monthly_revenue, answer.monthly_profit, answer.arm) == (
        True,
        2_500_000,
        -100_000,
        "selected",
    )
    client.post(url, {**ANSWERS, "operating": "0", "closed_reason": "Modal habis"})
    assert FollowUpAnswer.objects.filter(round=round_, participant=lulu).count() == 1
    answer.refresh_from_db()
    assert (answer.operating, answer.closed_reason) == (False, "Modal habis")
    edit = AuditEvent.objects.get(verb="follow_up.edited")
    assert edit.changes["operating"] == ["True", "False"]


def test_a_tampered_expired_or_borrowed_link_is_refused(client, drawn, national_admin):
    wave, people = drawn
    round_ = opened(wave, national_admin)
    lulu, wati = people["lulu"], people["wati"]
    token = links.token_for(round_, lulu.pk)
    inside = datetime(2026, 1, 29, 23, 0, tzinfo=JAKARTA)
    after = datetime(2026, 1, 30, 0, 0, tzinfo=JAKARTA)
    assert links.read(token, lulu.pk, now=inside) == round_
    for bad_token, person, now, reason in [
        (token[:-2] + ("aa" if not token.endswith("aa") else "bb"), lulu.pk, inside, "tampered"),
        (token, wati.pk, inside, "other_person"),
        (token, lulu.pk, after, "expired"),
    ]:
        with pytest.raises(links.LinkRefused) as refused:
            links.read(bad_token, person, now=now)
        assert refused.value.reason == reason
    # Through the page: Lulu's token in Wati's link, and the round closed (today is after it).
    response = client.post(reverse("monitoring:follow_up_link", args=[wati.pk, token]), ANSWERS)
    assert response.status_code == 403
    assert client.get(reverse("monitoring:follow_up_link", args=[lulu.pk, token])).status_code == 403
    assert not FollowUpAnswer.objects.exists()


def test_only_people_due_may_answer_and_bad_values_are_named(drawn, national_admin):
    wave, _people = drawn
    round_ = opened(wave, national_admin)
    stranger = make_participant("Orang Lain")
    from wirausaha.common.errors import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        submit_answer(
            round_=round_, participant_id=stranger.pk, data={"operating": True}, channel="phone", by=None
        )
    assert "participant" in refused.value.errors
    with pytest.raises(InvalidInput) as refused:
        submit_answer(
            round_=round_,
            participant_id=_people["lulu"].pk,
            data={"operating": None, "monthly_revenue": -5},
            channel="phone",
            by=None,
        )
    assert set(refused.value.errors) == {"operating", "monthly_revenue"}
    assert not FollowUpAnswer.objects.exists()


def test_reminders_go_weekly_to_those_who_have_not_answered_until_the_round_closes(drawn, national_admin):
    wave, people = drawn
    round_ = opened(wave, national_admin)
    submit_answer(
        round_=round_, participant_id=people["lulu"].pk, data={"operating": True}, channel="link", by=None
    )
    before = Message.objects.count()
    # The links went when the round opened (the test's clock is today's: put them back then).
    opened_at = datetime(2026, 1, 5, 9, 0, tzinfo=JAKARTA)
    FollowUpInvite.objects.filter(round=round_, sent_at__isnull=False).update(sent_at=opened_at)
    assert send_reminders(now=opened_at + timedelta(days=3)) == 0
    assert send_reminders(now=opened_at + timedelta(days=8)) == 1  # Wati only (Budi has no account)
    assert Message.objects.count() == before + 1
    assert send_reminders(now=datetime(2026, 2, 10, tzinfo=JAKARTA)) == 0  # closed
    assert FollowUpInvite.objects.get(round=round_, participant=people["wati"]).reminders == 1


def test_response_rates_count_everyone_due_per_arm_within_scope(drawn, national_admin, jabar_officer):
    wave, people = drawn
    round_ = opened(wave, national_admin)
    submit_answer(
        round_=round_, participant_id=people["lulu"].pk, data={"operating": True}, channel="link", by=None
    )
    submit_answer(
        round_=round_, participant_id=people["dedi"].pk, data={"operating": False}, channel="phone", by=None
    )
    rates = {r["arm"]: r for r in response_rates(national_admin, round_)}
    assert (rates["selected"]["due"], rates["selected"]["answered"], rates["selected"]["rate"]) == (
        2,
        2,
        100.0,
    )
    assert (rates["waitlisted"]["due"], rates["waitlisted"]["answered"], rates["waitlisted"]["rate"]) == (
        2,
        0,
        0.0,
    )
    assert rates["selected"]["operating"] == 1
    west_java = {r["arm"]: r for r in response_rates(jabar_officer, round_)}
    assert (west_java["selected"]["due"], west_java["selected"]["answered"]) == (1, 1)


def test_staff_enter_phone_answers_only_for_people_in_their_scope(
    client, drawn, national_admin, bali_officer
):
    wave, people = drawn
    round_ = opened(wave, national_admin)
    client.force_login(bali_officer)
    assert (
        client.get(reverse("monitoring:answer_entry", args=[round_.pk, people["lulu"].pk])).status_code == 404
    )
    response = client.post(reverse("monitoring:answer_entry", args=[round_.pk, people["dedi"].pk]), ANSWERS)
    assert response.status_code == 302
    answer = FollowUpAnswer.objects.get(participant=people["dedi"])
    assert (answer.channel, answer.entered_by) == ("phone", bali_officer)
    page = client.get(reverse("monitoring:round_detail", args=[round_.pk])).content.decode()
    assert "Dedi" in page and "Lulu" not in page
    assert client.get(reverse("monitoring:impact", args=[round_.pk])).status_code == 404
    client.force_login(national_admin)
    assert client.get(reverse("monitoring:impact", args=[round_.pk])).status_code == 200
