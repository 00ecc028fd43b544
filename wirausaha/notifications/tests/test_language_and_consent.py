"""Messages follow the account's language (issue #23 item 12), and the person's channel choices
(opt-in per channel with time and source; stopping everything keeps only what the law requires)."""

from django.utils.translation import gettext as _

from wirausaha.accounts.models import Language
from wirausaha.common.models import AuditEvent
from wirausaha.notifications.actions import choose_channels, in_recipients_language, notify
from wirausaha.notifications.events import Event
from wirausaha.notifications.models import ChannelConsent, Message


def test_an_event_message_is_written_in_the_account_language(siti, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        indonesian = notify(siti, event=Event.SELECTED, params={"wave": "PHK-2025-1"})
        siti.language = Language.EN
        siti.save(update_fields=["language"])
        english = notify(siti, event=Event.SELECTED, params={"wave": "PHK-2025-1"})

    assert indonesian.subject == "Anda terpilih di gelombang PHK-2025-1" and indonesian.language == "id"
    assert english.subject == "You are selected for PHK-2025-1" and english.language == "en"


def test_in_recipients_language_follows_the_user_and_defaults_to_indonesian(siti):
    siti.language = Language.EN
    with in_recipients_language(siti):
        english = _("Your certificate is ready")
    with in_recipients_language():
        indonesian = _("Your certificate is ready")
    assert english == "Your certificate is ready"
    assert indonesian == "Sertifikat Anda sudah terbit"


def test_the_language_switch_sets_a_signed_in_persons_language(client, siti):
    client.force_login(siti)

    response = client.post("/bahasa/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    siti.refresh_from_db()
    assert siti.language == "en"
    assert AuditEvent.objects.filter(verb="user.language_set").count() == 1


def test_channel_choices_are_recorded_with_time_and_source_only_when_they_change(siti):
    choose_channels(siti, chosen={"sms"}, source=ChannelConsent.Source.OWN_PAGE, by=siti)
    choose_channels(siti, chosen={"sms"}, source=ChannelConsent.Source.OWN_PAGE, by=siti)
    choose_channels(siti, chosen={"whatsapp"}, source=ChannelConsent.Source.OFFICER)

    rows = list(
        ChannelConsent.objects.filter(user=siti).order_by("id").values_list("channel", "opted_in", "source")
    )
    assert rows == [
        ("whatsapp", False, "own_page"),
        ("sms", True, "own_page"),
        ("email", False, "own_page"),
        ("whatsapp", True, "officer"),
        ("sms", False, "officer"),
    ]
    assert all(row.recorded_at for row in ChannelConsent.objects.filter(user=siti))


def test_after_stopping_every_channel_a_programme_message_stays_in_the_app(
    siti, gateway, django_capture_on_commit_callbacks
):
    choose_channels(siti, chosen=set(), source=ChannelConsent.Source.OWN_PAGE)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = notify(siti, event=Event.SELECTED, params={"wave": "PHK-2025-1"})

    assert message.status == Message.Status.IN_APP and callbacks == []
    assert gateway.requests == 0
