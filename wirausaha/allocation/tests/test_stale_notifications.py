"""Telling a confirmed run's participants their class is resumable: a worker killed part-way leaves
the rest untold with a stale heartbeat, and the sweep queues them again; nobody is told twice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wirausaha.accounts.models import Role
from wirausaha.allocation import messages
from wirausaha.allocation.actions import confirm_run, resume_stale_notifications
from wirausaha.allocation.models import AllocationRun
from wirausaha.allocation.tests.test_actions import TARUMAJAYA, centre, cohort, proposed, wave_of
from wirausaha.notifications.models import Message
from wirausaha.testing import make_participant, make_user


class Killed(Exception):
    pass


def test_a_worker_killed_while_telling_is_resumed_and_nobody_is_told_twice(
    db, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.STALE_JOB_SECONDS = 60
    cohort(centre("BLK Bekasi"), 3)
    users = [make_user(f"p{i}", Role.PARTICIPANT) for i in range(3)]
    run = proposed(
        wave_of([make_participant(f"P {i}", village=TARUMAJAYA, user=u) for i, u in enumerate(users)])
    )
    confirm_run(run, by=None)  # its task is not run here: the worker takes it
    run.refresh_from_db()
    assert run.notify_heartbeat_at is not None

    # The worker tells one batch, then dies.
    monkeypatch.setattr(messages, "TELL_BATCH", 1)
    real_notify, told = messages.notify, []

    def dies_on_the_second(user, **kwargs):
        if told:
            raise Killed
        told.append(user)
        return real_notify(user, **kwargs)

    monkeypatch.setattr(messages, "notify", dies_on_the_second)
    with pytest.raises(Killed):
        messages.notify_placed(run)
    monkeypatch.setattr(messages, "notify", real_notify)
    assert Message.objects.count() == 1

    assert resume_stale_notifications() == 0  # its heartbeat is recent
    AllocationRun.objects.filter(pk=run.pk).update(notify_heartbeat_at=timezone.now() - timedelta(seconds=61))
    with django_capture_on_commit_callbacks(execute=True):
        assert resume_stale_notifications() == 1

    assert sorted(Message.objects.values_list("recipient__username", flat=True)) == ["p0", "p1", "p2"]
    run.refresh_from_db()
    assert run.notify_heartbeat_at is None
    assert resume_stale_notifications() == 0
