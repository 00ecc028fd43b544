"""The pages of a cohort for the centre: its list, schedule, start, assessment and completion."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wirausaha.accounts.models import REGION_ROLES, Role
from wirausaha.common.errors import DomainError, InvalidInput
from wirausaha.common.forms import add_domain_error
from wirausaha.common.pagination import page_of
from wirausaha.programs.models import EnrolmentState

from .. import actions
from ..forms import AssessmentForm, DropOutForm, GenerateForm, SessionForm
from ..models import DropOutReason, Session
from ..queries import (
    ATTENDED,
    cohort_attendance,
    cohort_scope,
    cohorts_visible_to,
    completion_standings,
    dropouts_by_reason,
    get_cohort_for,
    get_session_for,
    local_today,
    manages_cohort,
    roster_visible_to,
    scores_of,
    sees_roster,
    teaches,
    zone_of,
)


def _zone(cohort) -> dict:
    region = cohort.centre.region
    return {"zone": region.zone_name, "zone_label": region.time_zone}


def _managed_cohort(request, pk: int):
    cohort = get_cohort_for(request.user, pk)
    if not manages_cohort(request.user, cohort):
        raise Http404
    return cohort


def _managed_session(request, pk: int) -> Session:
    session = get_session_for(request.user, pk)
    if not manages_cohort(request.user, session.cohort):
        raise Http404
    return session


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.PARTICIPANT:
        return redirect("journey:my_schedule")
    if request.user.role == Role.TRAINER:
        return redirect("training:today")
    return redirect("training:cohort_list")


# Cohorts (centre operator, national admin, auditor; trainers see theirs) ------------------


@require_GET
def cohort_list(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.PARTICIPANT:
        return redirect("journey:my_schedule")
    status = request.GET.get("status", "")
    cohorts = cohorts_visible_to(request.user).order_by("-starts_on", "code")
    if status:
        cohorts = cohorts.filter(status=status)
    page = page_of(cohorts, request.GET.get("page"))
    # Sessions are counted for the page's cohorts only: a count annotated on the list would group
    # every cohort in scope with its sessions to find 25.
    counts = dict(
        Session.objects.filter(cohort__in=[cohort.pk for cohort in page])
        .order_by()
        .values_list("cohort")
        .annotate(n=Count("id"))
    )
    for cohort in page:
        cohort.session_count = counts.get(cohort.pk, 0)
    return render(
        request,
        "training/cohort_list.html",
        {
            "page": page,
            "status": status,
            "statuses": cohorts.model.Status.choices,
            "scope": cohort_scope(request.user),
            "officer": request.user.role in REGION_ROLES,
        },
    )


@require_GET
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for(request.user, pk)
    if not sees_roster(request.user, cohort):
        raise Http404
    now = timezone.now()
    sessions = list(
        cohort.sessions.select_related("trainer").annotate(
            marked=Count("attendance"),
            attended=Count("attendance", filter=Q(attendance__status__in=ATTENDED)),
        )
    )
    roster = list(roster_visible_to(request.user, cohort))
    attendance = cohort_attendance(cohort, now=now)
    scores = scores_of(cohort)
    rows = [
        {
            "enrolment": enrolment,
            "so_far": attendance.so_far(enrolment.pk),
            "overall": attendance.overall(enrolment.pk),
            "assessment": scores.get(enrolment.pk),
        }
        for enrolment in roster
    ]
    manages = manages_cohort(request.user, cohort)
    begun = any(s.starts_at <= now or s.marked for s in sessions)
    return render(
        request,
        "training/cohort_detail.html",
        {
            "cohort": cohort,
            "course": cohort.course,
            "sessions": sessions,
            "rows": rows,
            "attendance": attendance,
            "manages": manages,
            "teaches": teaches(request.user, cohort),
            "open": cohort.status not in actions.CLOSED,
            "can_generate": manages and not begun and cohort.status not in actions.CLOSED,
            "dropouts": [
                (DropOutReason(r).label if r in DropOutReason.values else r, n)
                for r, n in dropouts_by_reason(cohort).items()
            ],
            "not_passed": sum(1 for enrolment in roster if enrolment.state == EnrolmentState.NOT_PASSED),
            "today": local_today(cohort, now),
            **_zone(cohort),
        },
    )


def _confirm(
    request, cohort, *, title: str, template: str, run, done, extra: dict | None = None
) -> HttpResponse:
    """A confirmation page: GET shows what will happen, POST does it."""
    error = None
    if request.method == "POST":
        try:
            result = run()
        except DomainError as failure:
            error = failure.text
        else:
            messages.success(request, done(result))
            return redirect("training:cohort_detail", cohort.pk)
    return render(
        request,
        template,
        {"cohort": cohort, "title": title, "error": error, **(extra or {}), **_zone(cohort)},
        status=422 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def generate_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _managed_cohort(request, pk)
    form = GenerateForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            sessions = actions.generate_sessions(
                cohort, by=request.user, trainer=form.cleaned_data["trainer"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The schedule has %(n)s sessions.") % {"n": len(sessions)})
            return redirect("training:cohort_detail", cohort.pk)
    return render(
        request,
        "training/generate.html",
        {
            "cohort": cohort,
            "course": cohort.course,
            "form": form,
            "existing": cohort.sessions.count(),
            **_zone(cohort),
        },
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _managed_cohort(request, pk)
    form = SessionForm(request.POST or None, cohort=cohort, initial={"kind": Session.Kind.TECHNICAL})
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_session(cohort, by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The session is added."))
            return redirect("training:cohort_detail", cohort.pk)
    return render(
        request,
        "training/session_form.html",
        {"cohort": cohort, "form": form, "session": None, **_zone(cohort)},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _managed_session(request, pk)
    cohort = session.cohort
    local = timezone.localtime(session.starts_at, zone_of(cohort))
    initial = {
        "day": local.date(),
        "start": local.time(),
        "end": timezone.localtime(session.ends_at, zone_of(cohort)).time(),
        "kind": session.kind,
        "topic": session.topic,
        "jp": session.jp,
        "trainer": session.trainer,
    }
    form = SessionForm(request.POST or None, cohort=cohort, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_session(session, by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The session is saved."))
            return redirect("training:cohort_detail", cohort.pk)
    return render(
        request,
        "training/session_form.html",
        {"cohort": cohort, "form": form, "session": session, **_zone(cohort)},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session = _managed_session(request, pk)
    return _confirm(
        request,
        session.cohort,
        title=_("Delete the session"),
        template="training/session_delete.html",
        run=lambda: actions.delete_session(session, by=request.user),
        done=lambda _result: _("The session is deleted."),
        extra={"session": session},
    )


@require_http_methods(["GET", "POST"])
def cohort_start(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _managed_cohort(request, pk)
    return _confirm(
        request,
        cohort,
        title=_("Start the training"),
        template="training/cohort_start.html",
        run=lambda: actions.start_cohort(cohort, by=request.user),
        done=lambda moved: _("Training has started: %(n)s participants are in training.") % {"n": moved},
        extra={"placed": roster_visible_to(request.user, cohort).filter(state=EnrolmentState.PLACED).count()},
    )


@require_http_methods(["GET", "POST"])
def cohort_complete(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _managed_cohort(request, pk)
    now = timezone.now()
    standings = completion_standings(cohort, now=now)

    def done(result: dict) -> str:
        return _(
            "The cohort is completed: %(graduated)s graduated, %(not_passed)s did not pass the "
            "assessment, %(dropped)s dropped out, %(certificates)s certificates issued."
        ) % {
            "graduated": result["graduated"],
            "not_passed": result["not_passed"],
            "dropped": sum(result["dropped_out"].values()),
            "certificates": result["certificates"],
        }

    return _confirm(
        request,
        cohort,
        title=_("Complete the cohort"),
        template="training/cohort_complete.html",
        run=lambda: actions.complete_cohort(cohort, by=request.user),
        done=done,
        extra={
            "course": cohort.course,
            "standings": standings,
            "graduating": sum(1 for s in standings if s.outcome.graduates),
            "blocker": actions.completion_blocker(cohort, now=now),
        },
    )


@require_http_methods(["GET", "POST"])
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for(request.user, pk)
    if not teaches(request.user, cohort):
        raise Http404
    enrolments = list(roster_visible_to(request.user, cohort).filter(state=EnrolmentState.IN_TRAINING))
    scores = scores_of(cohort)
    initial = {f"score-{pk}": row.score for pk, row in scores.items()}
    form = AssessmentForm(request.POST or None, enrolments=enrolments, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = actions.record_assessment(cohort, by=request.user, scores=form.scores())
        except DomainError as error:
            if isinstance(error, InvalidInput):
                error = InvalidInput({k.replace("scores.", "score-"): v for k, v in error.errors.items()})
            add_domain_error(form, error)
        else:
            messages.success(request, _("Scores saved: %(n)s changed.") % {"n": changed})
            return redirect("training:cohort_detail", cohort.pk)
    return render(
        request,
        "training/assessment.html",
        {"cohort": cohort, "course": cohort.course, "form": form, "empty": not enrolments},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def drop_out(request: HttpRequest, pk: int, enrolment_id: int) -> HttpResponse:
    cohort = get_cohort_for(request.user, pk)
    if not teaches(request.user, cohort):
        raise Http404
    enrolment = roster_visible_to(request.user, cohort).filter(pk=enrolment_id).first()
    if enrolment is None:
        raise Http404
    form = DropOutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.drop_out(enrolment, cohort=cohort, by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("%(name)s is recorded as dropped out.") % {"name": enrolment.participant.full_name}
            )
            return redirect("training:cohort_detail", cohort.pk)
    return render(
        request,
        "training/drop_out.html",
        {"cohort": cohort, "enrolment": enrolment, "form": form},
        status=422 if form.errors else 200,
    )
