"""The demo's step (issue #22): a wave's outcome messages go out through the SMS adapter to the
(fake) gateway, for the applicants who opted in to SMS. (The draw writes its outcome texts in
Indonesian for everyone: it does not yet pass each recipient to in_recipients_language.)"""

from wirausaha.accounts.models import Role
from wirausaha.notifications.actions import choose_channels
from wirausaha.notifications.models import ChannelConsent, Message
from wirausaha.programs.actions.draw import _notify_outcomes
from wirausaha.testing import make_participant, make_selected_wave, make_user


def test_a_waves_outcomes_reach_the_sms_gateway_naming_the_service(
    db, gateway, django_capture_on_commit_callbacks
):
    people = []
    for n in range(2):
        user = make_user(f"pemenang{n}", Role.PARTICIPANT)
        choose_channels(user, chosen={"sms"}, source=ChannelConsent.Source.REGISTRATION)
        people.append(make_participant(f"Pemenang {n}", user=user, phone=f"+6281300000{n:03d}"))
    wave = make_selected_wave("SMS-2025-1", participants=people)

    with django_capture_on_commit_callbacks(execute=True):
        _notify_outcomes(wave.pk)

    assert Message.objects.filter(channel="sms", status=Message.Status.SENT).count() == 2
    texts = {sent["to"]: sent["text"] for sent in gateway.delivered}
    assert set(texts) == {"6281300000000", "6281300000001"}
    assert all(text.startswith("Wirausaha: ") for text in texts.values())
