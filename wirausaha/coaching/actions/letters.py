"""The numbered letter of mentoring and training, issued by the participant's counselor (or a
national admin) once at least one session was held; drawn in the background by documents."""

from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.common.audit import record_event
from wirausaha.documents import actions as documents
from wirausaha.registry.models import Participant
from wirausaha.training.models import Certificate

from ..letters import KIND, letter_facts
from ..models import CoachingSession, MentoringLetter
from ..queries import zone_of
from .rules import StateError, require_coach_of


@transaction.atomic
def issue_mentoring_letter(*, participant: Participant, by: User | None) -> MentoringLetter:
    """Issue the letter stating the coaching held so far (and the training, from the certificate)."""
    assignment = require_coach_of(by, participant)
    if assignment is None:
        raise StateError(_("This participant has no counselor."))
    held = list(
        CoachingSession.objects.filter(participant=participant, status=CoachingSession.Status.HELD).order_by(
            "starts_at"
        )
    )
    if not held:
        raise StateError(_("A letter is issued after at least one coaching session was held."))
    zone = ZoneInfo(zone_of(participant))
    counselor = assignment.counselor
    certificate = (
        Certificate.objects.filter(enrolment__participant=participant, document__revoked_at__isnull=True)
        .select_related("document")
        .order_by("-pk")
        .first()
    )
    minutes = sum(s.duration_minutes for s in held)
    facts = letter_facts(
        counselor=counselor.user.display_name,
        organisation=counselor.organisation_name or counselor.get_organisation_kind_display(),
        sessions=len(held),
        hours=f"{minutes // 60} jam {minutes % 60} menit" if minutes % 60 else f"{minutes // 60} jam",
        first=timezone.localtime(held[0].starts_at, zone).date(),
        last=timezone.localtime(held[-1].starts_at, zone).date(),
        training=f"{certificate.course_title} ({certificate.hours_jp} JP)" if certificate else "",
        centre=certificate.centre_name if certificate else "",
    )
    (document,) = documents.issue_documents(
        [
            documents.Draft(
                kind=KIND,
                holder_name=participant.full_name,
                title=_("Letter of mentoring and training"),
                facts=facts,
                organisation_id=counselor.user.organisation_id,
                time_zone=str(zone),
                series=counselor.pk,
            )
        ]
    )
    letter = MentoringLetter.objects.create(participant=participant, counselor=counselor, document=document)
    record_event(by, "mentoring_letter.issued", letter, changes={"number": [None, document.number]})
    return letter
