"""What readiness needs to know of applications, gathered from the database in bulk: the uploaded
documents, the NIB and the business's start (licensing), the approved plan and the mentoring
(coaching), the training certificate (training). A fixed number of queries for any number of
applications: every lookup filters by a subquery of the applications, never by a loop.

readiness.py decides; this module only reads."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from wirausaha.coaching.models import Assignment, BusinessPlan, MentoringLetter
from wirausaha.licensing.models import Business
from wirausaha.training.models import Certificate

from .models import Application, ApplicationDocument
from .readiness import Applicant, Verdict, assess

NIB_COUNTED = frozenset({Business.NibStatus.DECLARED, Business.NibStatus.VERIFIED})


@dataclass(frozen=True)
class Facts:
    """Per participant: what the earlier stages recorded."""

    nib: str = ""
    business_started: date | None = None
    plan_approved: bool = False
    mentoring: bool = False
    training: bool = False


def participant_facts(participant_ids) -> dict[int, Facts]:
    """Facts of the participants `participant_ids` (a list or a values() subquery): five queries."""
    business: dict[int, tuple[str, date | None]] = {}
    # The participant's current business is the oldest one not closed (licensing's business_of).
    # An NIB counts once declared (with its document) or verified; one an officer returned does not.
    for participant_id, nib, status, started_on in (
        Business.objects.filter(participant_id__in=participant_ids, closed_on__isnull=True)
        .order_by("participant_id", "created_at", "pk")
        .values_list("participant_id", "nib", "nib_status", "started_on")
    ):
        counted = nib if status in NIB_COUNTED else ""
        business.setdefault(participant_id, (counted, started_on))
    approved = set(
        BusinessPlan.objects.filter(
            participant_id__in=participant_ids, status=BusinessPlan.Status.APPROVED
        ).values_list("participant_id", flat=True)
    )
    mentored = set(
        MentoringLetter.objects.filter(
            participant_id__in=participant_ids, document__revoked_at__isnull=True
        ).values_list("participant_id", flat=True)
    ) | set(
        Assignment.objects.filter(
            participant_id__in=participant_ids, status=Assignment.Status.ACTIVE
        ).values_list("participant_id", flat=True)
    )
    trained = set(
        Certificate.objects.filter(
            enrolment__participant_id__in=participant_ids, document__revoked_at__isnull=True
        ).values_list("enrolment__participant_id", flat=True)
    )
    ids = set(business) | approved | mentored | trained
    return {
        pk: Facts(
            nib=business.get(pk, ("", None))[0],
            business_started=business.get(pk, ("", None))[1],
            plan_approved=pk in approved,
            mentoring=pk in mentored,
            training=pk in trained,
        )
        for pk in ids
    }


def applicant_of(application: Application, uploaded: frozenset[str], facts: Facts | None) -> Applicant:
    """The pure module's view of one application."""
    facts = facts or Facts()
    documents = set(uploaded)
    if facts.nib:
        documents.add("nib")
    evidence = set()
    if facts.mentoring:
        evidence.add("mentoring")
    if facts.training:
        evidence.add("training")
    return Applicant(
        id=str(application.pk),
        product=application.product.code,
        amount=application.amount,
        business_started=facts.business_started,
        documents=frozenset(documents),
        plan_approved=facts.plan_approved,
        evidence=frozenset(evidence),
    )


def applicants_of(applications: QuerySet[Application]) -> list[tuple[Application, Applicant]]:
    """Each application (with its product) and its Applicant: seven queries in all."""
    rows = list(applications.select_related("product"))
    uploaded: dict[int, set[str]] = {}
    for application_id, kind in ApplicationDocument.objects.filter(
        application__in=applications.values("pk")
    ).values_list("application_id", "kind"):
        uploaded.setdefault(application_id, set()).add(kind)
    facts = participant_facts(applications.values("participant_id"))
    return [
        (row, applicant_of(row, frozenset(uploaded.get(row.pk, ())), facts.get(row.participant_id)))
        for row in rows
    ]


def readiness_of(applications: QuerySet[Application], on: date) -> dict[int, Verdict]:
    """The verdict of each application on `on`, by application id, against its product's terms."""
    terms: dict[int, object] = {}
    verdicts = {}
    for application, applicant in applicants_of(applications):
        if application.product_id not in terms:
            terms[application.product_id] = application.product.terms()
        verdicts[application.pk] = assess(applicant, terms[application.product_id], on)
    return verdicts


def readiness_for(application: Application, on: date) -> Verdict:
    return readiness_of(Application.objects.filter(pk=application.pk), on)[application.pk]
