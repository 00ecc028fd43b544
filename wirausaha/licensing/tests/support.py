"""Builders of the licensing tests: a participant with an account, their counselor, a business."""

from django.core.files.uploadedfile import SimpleUploadedFile

from wirausaha.accounts.models import Role
from wirausaha.coaching.actions import reassign_participant
from wirausaha.coaching.tests.support import counselor as make_counselor
from wirausaha.testing import make_participant, make_user

from ..actions import save_business
from ..loaders import load_rules

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name: str = "nib.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def owner(username: str = "ani", name: str = "Ani Suryani", *, village: str = "32.16.01.2001"):
    """A participant with an account (returns the participant; `participant.user` is the account)."""
    user = make_user(username, Role.PARTICIPANT)
    return make_participant(name, village=village, user=user)


def coach(participant, username: str = "konselor"):
    """A counselor actively assigned to the participant (returns the counselor's account)."""
    profile = make_counselor(username)
    reassign_participant(participant=participant, counselor=profile, by=None, reason="uji")
    return profile.user


FOOD = {
    "name": "Keripik Bu Ani",
    "kbli_code": "10794",
    "products": "Keripik singkong",
    "village_code": "32.16.01.2001",
    "scale": "micro",
    "workers": 1,
    "home_produced_food": True,
    "shelf_stable_packaged": True,
    "risk_level": "",
}


def business(participant, **overrides):
    load_rules()
    return save_business(participant=participant, by=None, values={**FOOD, **overrides})


def grow_businesses(people, step: int, counselor_user=None) -> None:
    """For the list-query test: a business for each person, half of them with a declared NIB (set
    directly: no file), all coached by `counselor_user` when given."""
    from django.utils import timezone

    from wirausaha.coaching.models import Assignment, Counselor

    from ..models import Business

    load_rules()
    profile = Counselor.objects.filter(user=counselor_user).first() if counselor_user else None
    for n, person in enumerate(people):
        if profile is not None and not person.coaching_assignments.filter(status="active").exists():
            Assignment.objects.create(
                participant=person, counselor=profile, status="active", started_at=timezone.now()
            )
        made = save_business(participant=person, by=None, values={**FOOD, "name": f"Usaha Tumbuh {step} {n}"})
        if n % 2 == 0:
            Business.objects.filter(pk=made.pk).update(
                nib=f"8{step:02d}{person.pk:010d}", nib_status="declared", nib_declared_at=timezone.now()
            )
