"""Reminders run without anyone clicking: the periodic sweep (sweep_stale_jobs, run by
`scan_duplicates --pending --loop` in `make run`) queues each due reminder once."""

from datetime import time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from wirausaha.coaching import actions
from wirausaha.notifications.models import Message
from wirausaha.registry.management.commands.sweep_stale_jobs import sweep_stale_jobs
from wirausaha.testing import make_user

from .support import counselor, graduates

pytestmark = pytest.mark.django_db


def test_the_sweep_queues_a_session_reminder_and_an_overdue_item_reminder_once(national_admin):
    user = make_user("siti", "participant")
    (siti,) = graduates(("Siti",), users={"Siti": user})
    dewi = counselor("dewi", by=national_admin)
    actions.reassign_participant(participant=siti, counselor=dewi, by=national_admin, reason="Uji")
    soon = timezone.localtime(timezone.now() + timedelta(hours=3))
    actions.plan_session(
        participant=siti, by=dewi.user, day=soon.date(), start=time(soon.hour), mode="remote"
    )
    later = timezone.localtime(timezone.now() + timedelta(days=3))
    actions.plan_session(participant=siti, by=dewi.user, day=later.date(), start=time(9), mode="remote")
    item = actions.add_action_item(
        participant=siti, by=dewi.user, text="Hitung HPP", due_on=timezone.localdate() + timedelta(days=1)
    )
    type(item).objects.filter(pk=item.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    before = Message.objects.filter(recipient=user).count()

    counts = sweep_stale_jobs()
    assert counts["coaching session reminders queued"] == 1  # not the session three days away
    assert counts["overdue action item reminders queued"] == 1
    assert Message.objects.filter(recipient=user).count() == before + 2
    # The session reminder is the event's (its WhatsApp template and the person's consent apply).
    reminder = Message.objects.filter(recipient=user, event="session_reminder").get()
    assert reminder.params["when"] and reminder.params["session"] == reminder.subject

    # The next sweeps (the command form too) find nothing new: each reminder goes out once.
    call_command("sweep_stale_jobs")
    assert sweep_stale_jobs()["coaching session reminders queued"] == 0
    assert Message.objects.filter(recipient=user).count() == before + 2
