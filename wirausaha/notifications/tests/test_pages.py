"""The pages: "Saluran pesan saya" (channels and language, failures shown), "Lupa kata sandi" by
phone, and the admins' templates and delivery statistics."""

import re

from django.contrib.auth import get_user_model

from wirausaha.accounts.models import Role
from wirausaha.notifications.models import ChannelConsent, Message, WhatsAppTemplate
from wirausaha.testing import make_user

PASSWORD = "Sandi-baru-yang-panjang-2026"


def test_a_participant_chooses_channels_and_language_on_their_page_without_javascript(client, siti):
    client.force_login(siti)
    Message.objects.create(recipient=siti, subject="Kelas Anda", body="…", channel="sms", status="failed")

    page = client.get("/akun/saluran/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Saluran pesan saya" in html and "<script" not in html.split("<main", 1)[1]
    assert "Kelas Anda" in html  # the message that could not be delivered

    response = client.post("/akun/saluran/", {"channels": ["sms", "whatsapp"], "language": "en"})

    assert response.status_code == 302
    choices = dict(ChannelConsent.objects.filter(user=siti).values_list("channel", "opted_in"))
    assert choices == {"sms": True, "whatsapp": True, "email": False}
    assert set(ChannelConsent.objects.filter(user=siti).values_list("source", flat=True)) == {"own_page"}
    siti.refresh_from_db()
    assert siti.language == "en"


def test_a_bad_language_is_refused_on_the_form(client, siti):
    client.force_login(siti)
    response = client.post("/akun/saluran/", {"channels": ["sms"], "language": "fr"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert not ChannelConsent.objects.filter(user=siti).exists()


def test_forgot_password_sends_a_code_by_phone_and_the_code_sets_a_new_password(
    client, siti, django_capture_on_commit_callbacks
):
    siti.phone = "+6281234567890"
    siti.save(update_fields=["phone"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/akun/lupa-sandi/", {"phone": "0812-3456-7890"})
    assert response.status_code == 302 and response["Location"] == "/akun/lupa-sandi/kode/"
    message = Message.objects.get(recipient=siti, event="one_time_code")
    code = re.search(r"\b(\d{6})\b", message.body).group(1)
    assert "Wirausaha" in message.body

    wrong = client.post(
        "/akun/lupa-sandi/kode/",
        {
            "code": "000000" if code != "000000" else "111111",
            "new_password1": PASSWORD,
            "new_password2": PASSWORD,
        },
    )
    assert wrong.status_code == 200 and "tidak berlaku" in wrong.content.decode()

    right = client.post(
        "/akun/lupa-sandi/kode/", {"code": code, "new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert right.status_code == 302
    siti.refresh_from_db()
    assert siti.check_password(PASSWORD)


def test_forgot_password_answers_the_same_for_a_number_without_an_account(client, db):
    response = client.post("/akun/lupa-sandi/", {"phone": "0899-0000-1111"})
    assert response.status_code == 302 and response["Location"] == "/akun/lupa-sandi/kode/"
    assert not Message.objects.exists()
    page = client.post(
        "/akun/lupa-sandi/kode/", {"code": "123456", "new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert page.status_code == 200 and "tidak berlaku" in page.content.decode()


def test_forgot_password_is_throttled_per_number(client, siti):
    siti.phone = "+6281234567890"
    siti.save(update_fields=["phone"])
    answers = [client.post("/akun/lupa-sandi/", {"phone": "0812 3456 7890"}).status_code for _ in range(4)]
    assert answers == [302, 302, 302, 429]
    assert get_user_model().objects.get(pk=siti.pk).messages.count() == 3


def test_a_national_admin_records_a_templates_approval(client, db):
    admin = make_user("admin", Role.NATIONAL_ADMIN)
    client.force_login(admin)
    template = WhatsAppTemplate.objects.get(event="selected", language="id")

    page = client.get("/akun/pesan/templat/")
    assert page.status_code == 200 and "wirausaha_selected" in page.content.decode()
    response = client.post(
        f"/akun/pesan/templat/{template.pk}/status/", {f"t{template.pk}-status": "APPROVED"}
    )

    assert response.status_code == 302
    template.refresh_from_db()
    assert template.status == "APPROVED" and template.status_changed_at is not None


def test_the_delivery_page_shows_counts_by_channel_and_the_failures(client, siti):
    auditor = make_user("auditor", Role.AUDITOR)
    Message.objects.create(
        recipient=siti,
        subject="Kelas Anda",
        body="…",
        channel="sms",
        status="failed",
        error="gateway error 503",
        attempts=5,
    )
    Message.objects.create(
        recipient=siti, subject="Sertifikat", body="…", channel="sms", status="sent", attempts=1
    )
    client.force_login(auditor)

    html = client.get("/akun/pesan/pengiriman/").content.decode()

    row = re.search(r'<tr data-channel="sms">(.*?)</tr>', html).group(1)
    assert re.findall(r"<td>(.*?)</td>", row) == ["sms", "2", "1", "0", "1", "0", "6"]
    assert "gateway error 503" in html
