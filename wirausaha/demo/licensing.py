"""The demo's licensing: the shipped rules, and `lulusan`'s business (crisps made at home, KBLI
10794) with its checklist, without an NIB yet (recording it is the demo's first step), and a due
date set by `pendamping`. Another coached graduate near Bekasi has declared an NIB that waits in the
labour office's queue.

Everything goes through licensing's actions; nothing runs when `lulusan` has a business already."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from wirausaha.accounts.models import User
from wirausaha.coaching.models import Assignment
from wirausaha.licensing import actions
from wirausaha.licensing.loaders import load_rules
from wirausaha.licensing.models import Business
from wirausaha.registry.models import Participant

COUNSELOR, GRADUATE = "pendamping", "lulusan"
# A document that opens as a (one-line) PDF: the demo never holds a real NIB.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@transaction.atomic
def seed_licensing(*, today: date | None = None) -> dict | None:
    load_rules()
    today = today or date.today()
    users = {u.username: u for u in User.objects.filter(username__in=[COUNSELOR, GRADUATE])}
    graduate = Participant.objects.filter(user=users.get(GRADUATE)).first() if GRADUATE in users else None
    if graduate is None or Business.objects.filter(participant=graduate).exists():
        return None
    business = actions.save_business(
        participant=graduate,
        by=users[GRADUATE],
        values={
            "name": "Keripik Singkong Lulusan",
            "kbli_code": "10794",
            "products": "Keripik singkong original, balado dan keju, kemasan 150 gram",
            "village_code": graduate.domicile_id,
            "address": "Dapur rumah",
            "scale": Business.Scale.MICRO,
            "started_on": today - timedelta(days=60),
            "workers": 1,
            "home_produced_food": True,
            "shelf_stable_packaged": True,
            "risk_level": "",
        },
    )
    made = {"businesses": 1, "declared": 0}
    if COUNSELOR in users:
        pkp = business.checklist_items.filter(kind="pkp").first()
        if pkp is not None:
            actions.set_due_date(item=pkp, by=users[COUNSELOR], due_on=today + timedelta(days=30))
        # Another of `pendamping`'s clients has declared an NIB: it waits for the labour office.
        other = (
            Assignment.objects.filter(counselor__user=users[COUNSELOR], status=Assignment.Status.ACTIVE)
            .exclude(participant=graduate)
            .select_related("participant")
            .order_by("participant_id")
            .first()
        )
        if other is not None and not Business.objects.filter(participant=other.participant).exists():
            person = other.participant
            theirs = actions.save_business(
                participant=person,
                by=users[COUNSELOR],
                values={
                    "name": f"Warung {person.full_name.split()[0]}",
                    "kbli_code": "47111",
                    "products": "Sembako dan kebutuhan harian",
                    "village_code": person.domicile_id,
                    "scale": Business.Scale.MICRO,
                    "started_on": today - timedelta(days=120),
                    "workers": 0,
                    "risk_level": "",
                },
            )
            actions.declare_nib(
                business=theirs,
                by=users[COUNSELOR],
                nib=f"912{person.pk % 10**10:010d}",
                issued_on=today - timedelta(days=10),
                risk_level="rendah",
                document=SimpleUploadedFile("nib.pdf", DEMO_PDF, content_type="application/pdf"),
            )
            made["businesses"] += 1
            made["declared"] = 1
    return made
