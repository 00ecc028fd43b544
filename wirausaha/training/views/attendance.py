"""Attendance pages: the trainer's phone (today, marks, the QR code) and the participant's check-in."""

import math
from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wirausaha.accounts.models import Role
from wirausaha.common.errors import DomainError, InvalidInput
from wirausaha.common.pagination import page_of
from wirausaha.documents.qr import qr_svg
from wirausaha.programs.models import EnrolmentState

from .. import actions, checkin
from ..forms import STATUS_CHOICES, attendance_marks
from ..queries import (
    attendance_of,
    cohort_attendance,
    get_session_for,
    local_day,
    local_today,
    roster_visible_to,
    sessions_on_local_day,
    teaches,
    upcoming_sessions,
)
from .cohorts import _zone

IN_CLASS = (EnrolmentState.PLACED, EnrolmentState.IN_TRAINING)
# A trainer has a session or two a day; a national admin sees the whole country's, page by page.
TODAY_PAGE = 50
SEEN_KEY = "training_checkin_seen"


# The trainer's phone -----------------------------------------------------------------------


@require_GET
def today(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.PARTICIPANT:
        return redirect("journey:my_schedule")
    now = timezone.now()
    page = page_of(sessions_on_local_day(request.user, now), request.GET.get("page"), TODAY_PAGE)
    sessions = list(page.object_list)
    return render(
        request,
        "training/today.html",
        {
            "sessions": sessions,
            "page": page,
            # Only those who may mark a session get its link: an auditor reads, and would meet a 404.
            "markable": {session.pk for session in sessions if teaches(request.user, session.cohort)},
            "upcoming": upcoming_sessions(request.user, now),
        },
    )


@require_http_methods(["GET", "POST"])
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for(request.user, pk)
    cohort = session.cohort
    if not teaches(request.user, cohort):
        raise Http404
    now = timezone.now()
    roster = list(roster_visible_to(request.user, cohort))
    errors: dict[str, str] = {}
    if request.method == "POST":
        marks = attendance_marks(request.POST, [e.pk for e in roster])
        rest = request.POST.get("rest") or None
        try:
            result = actions.mark_attendance(
                session,
                by=request.user,
                marks=marks,
                rest=rest,
                reason=request.POST.get("reason", ""),
                now=now,
            )
        except InvalidInput as error:
            errors = error.errors
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("training:session_attendance", session.pk)
        else:
            messages.success(request, _("Attendance saved: %(n)s changed.") % {"n": result["written"]})
            return redirect("training:session_attendance", session.pk)
    marks = attendance_of(session)
    attendance = cohort_attendance(cohort, now=now)
    day, today_ = local_day(session), local_today(cohort, now)
    chosen = request.POST if errors else {}
    rows = [
        {
            "enrolment": enrolment,
            "mark": marks.get(enrolment.pk),
            "chosen": chosen.get(f"status-{enrolment.pk}")
            or (marks[enrolment.pk].status if enrolment.pk in marks else ""),
            "markable": enrolment.state in IN_CLASS,
            "share": attendance.so_far(enrolment.pk),
            "error": errors.get(f"marks.{enrolment.pk}"),
        }
        for enrolment in roster
    ]
    counts = {status: 0 for status, _label in STATUS_CHOICES}
    for mark in marks.values():
        counts[mark.status] += 1
    return render(
        request,
        "training/session_attendance.html",
        {
            "session": session,
            "cohort": cohort,
            "rows": rows,
            "choices": STATUS_CHOICES,
            "counts": [(status, label, counts[status]) for status, label in STATUS_CHOICES],
            "unmarked": sum(1 for row in rows if row["markable"] and not row["mark"]),
            "before_day": today_ < day,
            "correction": today_ > day,
            "open": cohort.status not in actions.CLOSED,
            "errors": errors,
            "reason": request.POST.get("reason", "") if errors else "",
            "qr_open": checkin.accepts_check_in(
                now=now, starts_at=session.starts_at, ends_at=session.ends_at
            ),
            **_zone(cohort),
        },
        status=422 if errors else 200,
    )


@require_GET
def session_qr(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for(request.user, pk)
    if not teaches(request.user, session.cohort):
        raise Http404
    now = timezone.now()
    window = checkin.window(starts_at=session.starts_at, ends_at=session.ends_at)
    context = {
        "session": session,
        "cohort": session.cohort,
        "opens_at": window.opens_at,
        "closes_at": window.closes_at,
        **_zone(session.cohort),
    }
    refresh = None
    if window.is_open(now):
        url = request.build_absolute_uri(
            reverse("training:check_in", args=[checkin.issue_code(session.pk, now)])
        )
        context.update(
            {
                "window": "open",
                "svg": qr_svg(url, label=_("Check-in code for %(topic)s") % {"topic": session.topic}),
                "url": url,
                # No code outlives the window: a scan after it closes is refused anyway.
                "valid_until": min(now + checkin.CODE_LIFETIME, window.closes_at),
            }
        )
        # A plain page reload, with or without JavaScript, shows a fresh code before this one
        # expires, and the closed notice as soon as the window closes.
        refresh = min(checkin.REFRESH_SECONDS, _seconds_until(window.closes_at, now) + 1)
    elif now < window.opens_at:
        context["window"] = "not_yet"
        # The code appears by itself when the window opens, for a trainer who opened the page early.
        if window.opens_at - now <= timedelta(hours=1):
            refresh = min(checkin.REFRESH_SECONDS, _seconds_until(window.opens_at, now) + 1)
    else:
        context["window"] = "over"
        context["open"] = session.cohort.status not in actions.CLOSED
    response = render(request, "training/session_qr.html", context)
    if refresh is not None:
        response["Refresh"] = str(refresh)
    response["Cache-Control"] = "no-store"
    return response


def _seconds_until(moment: datetime, now: datetime) -> int:
    return max(0, math.ceil((moment - now).total_seconds()))


# The participant ---------------------------------------------------------------------------


def _first_seen(request, code: str, now: datetime) -> datetime:
    """When this browser first opened the code, kept server-side across signing in."""
    seen = request.session.get(SEEN_KEY, {})
    recent = {
        key: value
        for key, value in seen.items()
        if now - datetime.fromisoformat(value) <= checkin.CONFIRM_WITHIN + checkin.CODE_LIFETIME
    }
    first = datetime.fromisoformat(recent.setdefault(code[:100], now.isoformat()))
    if recent != seen:
        request.session[SEEN_KEY] = recent
    return first


@login_not_required
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, code: str) -> HttpResponse:
    now = timezone.now()
    seen_at = _first_seen(request, code, now)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context = {"code": code}
    if request.method == "POST":
        try:
            attendance = actions.check_in(code, by=request.user, seen_at=seen_at, now=now)
        except actions.CheckInRefused as refusal:
            context.update({"refusal": refusal, "session": refusal.session})
        else:
            session = attendance.session
            return render(
                request,
                "training/check_in.html",
                {"done": attendance, "session": session, "cohort": session.cohort, **_zone(session.cohort)},
            )
    else:
        session, refusal, status = actions.check_in_refusal(code, user=request.user, seen_at=seen_at, now=now)
        context.update({"refusal": refusal, "session": session, "status": status})
    session = context.get("session")
    if session is not None:
        context.update({"cohort": session.cohort, **_zone(session.cohort)})
    return render(request, "training/check_in.html", context, status=400 if context.get("refusal") else 200)
