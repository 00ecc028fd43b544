from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wirausaha.accounts.models import Role
from wirausaha.accounts.scoping import sees_identifiers, verifies_participants
from wirausaha.common.errors import DomainError
from wirausaha.common.pagination import page_of
from wirausaha.reference.models import Region
from wirausaha.registry.queries import participants_visible_to

from . import actions
from .actions.waves import WIB
from .corrections import views as corrections
from .models import Enrolment, EnrolmentState, LotteryDraw, Wave
from .preview import verdict_for, waves_that_would_take
from .queries import (
    enrolments_visible_to,
    get_wave_for,
    published_list,
    waves_listed,
    waves_visible_to,
    with_priority_levels,
)
from .texts import describe_rule


def _is_admin(user) -> bool:
    return user.is_authenticated and user.role == Role.NATIONAL_ADMIN


@require_GET
def wave_list(request: HttpRequest) -> HttpResponse:
    return render(request, "programs/wave_list.html", {"waves": waves_visible_to(request.user)})


def _own_enrolment(request, wave: Wave) -> Enrolment | None:
    if request.user.role != Role.PARTICIPANT:
        return None
    return enrolments_visible_to(request.user, wave).first()


def _participant_preview(wave: Wave, participant, enrolment: Enrolment | None) -> dict:
    """The wave's rules read for the participant's current data: before they apply (while the wave
    is open), and once screening has judged their application; other open waves when this one
    would not take them."""
    if participant is None:
        return {}
    if enrolment is None and wave.status != Wave.Status.OPEN:
        return {}
    if enrolment is not None and not enrolment.verdict:
        return {}
    preview = verdict_for(wave, participant)
    elsewhere = [] if preview.likely_eligible else waves_that_would_take(participant, besides=wave)
    return {"verdict": preview, "other_waves": elsewhere}


@require_GET
def wave_detail(request: HttpRequest, code: str) -> HttpResponse:
    wave = get_wave_for(request.user, code)
    enrolment = _own_enrolment(request, wave)
    participant = (
        getattr(request.user, "participant", None) if request.user.role == Role.PARTICIPANT else None
    )
    context = {
        "wave": wave,
        "quotas": wave.quotas.select_related("region"),
        "rules": [
            describe_rule(r.kind, r.params, r.get_kind_display(), opening_day=wave.opens_on)
            for r in wave.eligibility_rules.all()
        ],
        "priorities": [
            (describe_rule(r.kind, r.params, r.get_kind_display()), r.points)
            for r in wave.priority_rules.all()
        ],
        "is_admin": _is_admin(request.user),
        "enrolment": enrolment,
        "participant": participant,
        **_participant_preview(wave, participant, enrolment),
        "drawn": LotteryDraw.objects.filter(wave=wave).first(),
        "corrections": [
            (step, title)
            for step, (_form, _run, title, allowed) in corrections.STEPS.items()
            if _is_admin(request.user) and allowed(wave)
        ],
        "randomness_overdue": _is_admin(request.user) and actions.randomness_overdue(wave),
    }
    if _is_admin(request.user) or verifies_participants(request.user):
        context["summary"] = summary = actions.selection_summary(wave)
        context["state_counts"] = [
            (state, EnrolmentState(state).label, total) for state, total in summary["counts"].items() if total
        ]
        context["provinces"] = _province_rows(summary)
    return render(request, "programs/wave_detail.html", context)


def _province_rows(summary: dict) -> dict:
    """The summary's provinces with their names, and the totals."""
    names = dict(Region.objects.filter(pk__in=list(summary["provinces"])).values_list("code", "name"))
    rows = [{"code": code, "name": names.get(code, ""), **row} for code, row in summary["provinces"].items()]
    totals = {key: sum(row[key] for row in rows) for key in ("quota", "selected", "waitlisted")}
    return {"rows": rows, "totals": totals}


@require_POST
def apply(request: HttpRequest, code: str) -> HttpResponse:
    wave = get_wave_for(request.user, code)
    participant = participants_visible_to(request.user).filter(user=request.user).first()
    if participant is None:
        raise Http404
    try:
        actions.apply_to_wave(wave=wave, participant=participant, by=request.user)
    except DomainError as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("Your application is in. You will be told the result of the selection."))
    return redirect("programs:wave_detail", wave.code)


@require_POST
def withdraw(request: HttpRequest, code: str) -> HttpResponse:
    wave = get_wave_for(request.user, code)
    enrolment = _own_enrolment(request, wave)
    if enrolment is None:
        raise Http404
    try:
        actions.withdraw_enrolment(enrolment, by=request.user, reason=request.POST.get("reason", ""))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You have withdrawn from this wave."))
    return redirect("programs:wave_detail", wave.code)


# Titles are lazy: this table is built once, at import, and read in each request's language.
STEPS = {
    "open": (
        lambda wave, by, form: actions.open_wave(wave, by=by),
        gettext_lazy("Open the wave for applications"),
    ),
    "close": (
        lambda wave, by, form: actions.close_wave(wave, by=by, early_reason=form.get("reason", "")),
        gettext_lazy("Close applications and freeze the entrant list"),
    ),
    "screen": (
        lambda wave, by, form: actions.screen_wave(wave, by=by),
        gettext_lazy("Screen every application"),
    ),
    "draw": (
        lambda wave, by, form: actions.draw_wave(wave, by=by, public_value=form.get("public_value", "")),
        gettext_lazy("Run the draw"),
    ),
}


@require_http_methods(["GET", "POST"])
def wave_step(request: HttpRequest, code: str, step: str) -> HttpResponse:
    """Each step of a wave, confirmed on its own page before it runs."""
    wave = get_wave_for(request.user, code)
    if not _is_admin(request.user) or step not in (*STEPS, *corrections.STEPS):
        raise Http404
    if step in corrections.STEPS:
        return corrections.correction_step(request, wave, step)
    run, title = STEPS[step]
    error = None
    if request.method == "POST":
        try:
            run(wave, by=request.user, form=request.POST)
        except DomainError as failure:
            error = failure.text
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": title})
            return redirect("programs:wave_detail", wave.code)
    summary = actions.selection_summary(wave)
    return render(
        request,
        "programs/wave_step.html",
        {
            "wave": wave,
            "step": step,
            "title": title,
            "error": error,
            "public_value": request.POST.get("public_value", wave.public_value),
            "published_after_wib": _wib(wave.randomness_published_after),
            "summary": summary,
            "eligible": summary["counts"][EnrolmentState.ELIGIBLE],
            "unscreened": summary["counts"][EnrolmentState.APPLIED],
            "randomness_overdue": actions.randomness_overdue(wave),
            "early": step == "close" and actions.closes_early(wave),
            "today": timezone.now().astimezone(WIB).date(),
            "reason": request.POST.get("reason", ""),
        },
        status=422 if error else 200,
    )


def _wib(moment) -> str:
    return moment.astimezone(WIB).strftime("%Y-%m-%d %H:%M") if moment else "—"


@login_not_required
@require_GET
def wave_results(request: HttpRequest, code: str) -> HttpResponse:
    """The published draw: pseudonymous ids only, for anyone to check."""
    wave = get_wave_for(request.user, code) if request.user.is_authenticated else None
    if wave is None:
        wave = waves_listed().filter(code=code).first()
        if wave is None:
            raise Http404
    draw = LotteryDraw.objects.filter(wave=wave).first()
    rows = published_list(wave)
    query = request.GET.get("id", "").strip().upper()
    if query:
        rows = rows.filter(pseudonym=query)
    page = page_of(rows, request.GET.get("page"), 100)
    page.object_list = with_priority_levels(wave, list(page.object_list))
    return render(
        request,
        "programs/wave_results.html",
        {"wave": wave, "draw": draw, "page": page, "query": query},
    )


@require_GET
def wave_enrolments(request: HttpRequest, code: str) -> HttpResponse:
    wave = get_wave_for(request.user, code)
    if not verifies_participants(request.user):
        raise Http404
    state = request.GET.get("state", "")
    enrolments = enrolments_visible_to(request.user, wave).order_by("quota_region", "rank", "id")
    if state:
        enrolments = enrolments.filter(state=state)
    return render(
        request,
        "programs/wave_enrolments.html",
        {
            "wave": wave,
            "page": page_of(enrolments, request.GET.get("page"), 50),
            "state": state,
            "states": EnrolmentState.choices,
            "show_identifiers": sees_identifiers(request.user),
        },
    )
