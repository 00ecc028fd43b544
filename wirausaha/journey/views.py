"""The participant's own pages over the whole journey. Each reads from the stages through their
queries; only the participant reaches them (a record looked up by the signed-in account, so an
officer or partner gets a 404)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from wirausaha.accounts.models import Role
from wirausaha.documents.queries import verify_url
from wirausaha.notifications.queries import messages_for
from wirausaha.programs.models import EnrolmentState
from wirausaha.programs.queries import enrolments_of
from wirausaha.registry.models import Verification
from wirausaha.registry.queries import get_own_participant, pending_nik_change_of
from wirausaha.training.certificates.queries import own_certificates, valid_certificate_of
from wirausaha.training.queries import (
    cohort_attendance,
    cohorts_visible_to,
    local_today,
    own_enrolment,
    scores_of,
    session_marks_for,
)

# -- Status: where the participant stands (/peserta/saya/status/) ---------------------------------


NEXT_STEPS = {
    Verification.PENDING: gettext_lazy(
        "The labour office (Disnaker) checks your NIK and your layoff. You do not need to do anything "
        "now: you will get a message here when it is done."
    ),
    Verification.NEEDS_CORRECTION: gettext_lazy(
        "The labour office asks you to correct your data. Correct it, and your registration goes back "
        "to the labour office."
    ),
    Verification.VERIFIED: gettext_lazy(
        "You can take part in the next wave of the programme in your area. We will send you a message "
        "when selection starts."
    ),
    Verification.REJECTED: gettext_lazy(
        "If you think this is a mistake, contact your labour office (Disnaker) with your KTP and your "
        "layoff letter."
    ),
}


# Once verified, what comes next depends on the person's place in a wave: the furthest along first.
WAVE_NEXT_STEPS = {
    EnrolmentState.IN_TRAINING: gettext_lazy(
        "You are in training in %(wave)s. Your sessions and your attendance are under My schedule."
    ),
    EnrolmentState.PLACED: gettext_lazy(
        "You have a place in a training class in %(wave)s. Its place and sessions are under My schedule."
    ),
    EnrolmentState.SELECTED: gettext_lazy(
        "You were selected in %(wave)s. The programme is now placing you in a training class near you: "
        "you will get a message with the class."
    ),
    EnrolmentState.WAITLISTED: gettext_lazy(
        "You are on the waitlist of %(wave)s. If a seat frees up you move up, and you will get a message."
    ),
    EnrolmentState.ELIGIBLE: gettext_lazy(
        "You meet the conditions of %(wave)s. The draw is held after registration closes; you will get "
        "a message with its result."
    ),
    EnrolmentState.APPLIED: gettext_lazy(
        "You applied to %(wave)s. Your application is checked against its conditions after "
        "registration closes; you will get a message with the result."
    ),
    EnrolmentState.GRADUATED: gettext_lazy(
        "You graduated from the training of %(wave)s. Your certificate is under My certificates."
    ),
    EnrolmentState.NOT_PASSED: gettext_lazy(
        "You completed the training of %(wave)s but did not pass its final assessment, so no "
        "certificate was issued. You may apply again when a new wave opens."
    ),
    EnrolmentState.DROPPED_OUT: gettext_lazy(
        "You left the training of %(wave)s before it ended, so no certificate was issued. You may "
        "apply again when a new wave opens."
    ),
}


def _next_step(participant, enrolments) -> str:
    if participant.verification == Verification.VERIFIED:
        for state, text in WAVE_NEXT_STEPS.items():
            enrolment = next((e for e in enrolments if e.state == state), None)
            if enrolment is not None:
                return text % {"wave": enrolment.wave.name}
    return NEXT_STEPS.get(participant.verification, "")


@require_GET
def status(request: HttpRequest) -> HttpResponse:
    participant = get_own_participant(request.user)
    pending_nik = pending_nik_change_of(participant)
    enrolments = list(enrolments_of(participant))
    return render(
        request,
        "journey/status.html",
        {
            "participant": participant,
            "next_step": _next_step(participant, enrolments),
            "enrolments": enrolments,
            "pending_nik": pending_nik,
            "inbox": messages_for(request.user)[:20],
            "states": Verification,
        },
    )


# -- End of status ---------------------------------------------------------------------------------


# -- Training: my schedule (/pelatihan/jadwal/) and my certificates (/pelatihan/sertifikat/saya/) --


def _certificate_url(enrolment) -> str | None:
    certificate = valid_certificate_of(enrolment)
    if certificate is None:
        return None
    try:
        return reverse("certificates:download", args=[certificate.document.code])
    except NoReverseMatch:
        return None


def _zone(cohort) -> dict:
    region = cohort.centre.region
    return {"zone": region.zone_name, "zone_label": region.time_zone}


@require_GET
def my_schedule(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.PARTICIPANT:
        raise Http404
    now = timezone.now()
    classes = []
    for cohort in cohorts_visible_to(request.user).order_by("-starts_on"):
        enrolment = own_enrolment(request.user, cohort)
        if enrolment is None:
            continue
        marks = session_marks_for(enrolment, cohort)
        attendance = cohort_attendance(cohort, now=now, enrolment_ids=[enrolment.pk])
        score = scores_of(cohort).get(enrolment.pk)
        classes.append(
            {
                "cohort": cohort,
                "course": cohort.course,
                "enrolment": enrolment,
                "sessions": [(s, marks.get(s.pk)) for s in cohort.sessions.select_related("trainer")],
                "so_far": attendance.so_far(enrolment.pk),
                "overall": attendance.overall(enrolment.pk),
                "assessment": score,
                "certificate_url": _certificate_url(enrolment),
                "today": local_today(cohort, now),
                **_zone(cohort),
            }
        )
    return render(request, "journey/my_schedule.html", {"classes": classes})


@require_GET
def my_certificates(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.PARTICIPANT:
        raise Http404
    certificates = list(own_certificates(request.user))
    for certificate in certificates:
        certificate.verify_address = verify_url(certificate.document.code)
    return render(request, "journey/my_certificates.html", {"certificates": certificates})


# -- End of training ---------------------------------------------------------------------------------
