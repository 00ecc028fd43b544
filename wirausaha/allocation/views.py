from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wirausaha.accounts.scoping import NATIONWIDE_ROLES, sees_identifiers
from wirausaha.centres.models import Cohort
from wirausaha.common.errors import DomainError, InvalidInput
from wirausaha.common.forms import add_domain_error
from wirausaha.common.pagination import page_of
from wirausaha.programs.queries import get_wave_for

from . import actions
from .forms import OUT, MoveForm, RunForm
from .models import AllocationRun, Placement
from .queries import (
    PLACING,
    allocates,
    cohorts_to_move_to,
    filter_placements,
    get_placement_for,
    get_run_for,
    placements_visible_to,
    run_summary,
    runs_visible_to,
    sees_placements,
    wave_placement_counts,
    waves_to_place,
    where_to_open,
)
from .texts import district_of, explanation_text, km, review_text

PAGE = 50


def _require_viewer(request: HttpRequest) -> None:
    if not sees_placements(request.user):
        raise Http404


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    _require_viewer(request)
    waves = list(waves_to_place(request.user))
    return render(request, "allocation/index.html", {"waves": waves, "can_allocate": allocates(request.user)})


@require_http_methods(["GET", "POST"])
def wave_runs(request: HttpRequest, code: str) -> HttpResponse:
    """A wave's runs, and the form that proposes a new one."""
    _require_viewer(request)
    wave = get_wave_for(request.user, code)
    can_propose = allocates(request.user) and wave.status in PLACING
    form = RunForm(request.POST or None)
    error = None
    if request.method == "POST":
        if not can_propose:
            raise Http404
        if form.is_valid():
            try:
                proposal = actions.propose_run(
                    wave=wave,
                    by=request.user,
                    max_km=form.cleaned_data["max_km"],
                    sector_mismatch_km=form.cleaned_data["sector_mismatch_km"],
                )
            except InvalidInput as failure:
                add_domain_error(form, failure)
            except DomainError as failure:
                error = failure.text
            else:
                run = proposal.run
                messages.success(
                    request,
                    _(
                        "Run #%(run)s proposed: %(placed)s placed, %(unplaced)s unplaced. "
                        "Review it, then confirm."
                    )
                    % {"run": run.pk, "placed": run.placed, "unplaced": run.unplaced},
                )
                return redirect("allocation:run_detail", run.pk)
    runs = list(runs_visible_to(request.user, wave))
    confirmed = next((run for run in runs if run.status == AllocationRun.Status.CONFIRMED), None)
    return render(
        request,
        "allocation/wave_runs.html",
        {
            "wave": wave,
            "runs": runs,
            "confirmed": confirmed,
            "form": form,
            "error": error,
            "can_propose": can_propose,
            "counts": wave_placement_counts(wave),
            "no_window": wave.training_starts_on is None or wave.training_ends_on is None,
        },
        status=422 if request.method == "POST" else 200,
    )


def _rows(placements) -> list[dict]:
    return [
        {
            "placement": placement,
            "participant": placement.enrolment.participant,
            "district": district_of(placement.enrolment.participant),
            "km": km(placement.distance_km),
            "explanation": review_text(placement),
        }
        for placement in placements
    ]


@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The review of a run: what it achieved, by province, and every placement with its why."""
    _require_viewer(request)
    run = get_run_for(request.user, pk)
    visible = placements_visible_to(request.user, run)
    outcome = request.GET.get("outcome", "")
    outcome = outcome if outcome in ("placed", "unplaced") else ""
    province = request.GET.get("province", "")
    summary, unplaced = run_summary(request.user, run, visible)
    provinces = [(row["province"], row["name"]) for row in summary["rows"]]
    if province not in dict(provinces):
        province = ""
    search = request.GET.get("q", "").strip()[:100]
    show_identifiers = sees_identifiers(request.user)
    chosen = filter_placements(
        visible, outcome=outcome, province=province, search=search, by_nik=show_identifiers
    )
    page = page_of(chosen, request.GET.get("page"), PAGE)
    reasons = [
        (Placement.Unplaced(reason).label, total)
        for reason, total in sorted(unplaced.items(), key=lambda item: -item[1])
    ]
    can_decide = allocates(request.user) and run.status == AllocationRun.Status.PROPOSED
    return render(
        request,
        "allocation/run_detail.html",
        {
            "run": run,
            "wave": run.wave,
            "summary": summary,
            "provinces": provinces,
            "reasons": reasons,
            "page": page,
            "rows": _rows(page.object_list),
            "outcome": outcome,
            "province": province,
            "nationwide": request.user.role in NATIONWIDE_ROLES,
            "show_identifiers": show_identifiers,
            "search": search,
            "can_decide": can_decide,
            "can_move": allocates(request.user)
            and run.status in (AllocationRun.Status.PROPOSED, AllocationRun.Status.CONFIRMED)
            and run.wave.status in PLACING,
            "mean_km": km(run.mean_km) if run.placed else "—",
        },
    )


def _decision(request: HttpRequest, pk: int, *, step: str) -> HttpResponse:
    _require_viewer(request)
    run = get_run_for(request.user, pk)
    if not allocates(request.user):
        raise Http404
    error = None
    reason = request.POST.get("reason", "").strip()[:500]
    if request.method == "POST":
        try:
            if step == "confirm":
                actions.confirm_run(run, by=request.user)
            else:
                actions.discard_run(run, by=request.user, reason=reason)
        except DomainError as failure:
            error = failure.text
        else:
            if step == "confirm":
                messages.success(
                    request,
                    _("Run #%(run)s is confirmed: participants are told their class.") % {"run": run.pk},
                )
            else:
                messages.success(request, _("Run #%(run)s is discarded.") % {"run": run.pk})
            return redirect("allocation:run_detail", run.pk)
    confirmed = (
        AllocationRun.objects.filter(wave=run.wave, status=AllocationRun.Status.CONFIRMED)
        .exclude(pk=run.pk)
        .first()
    )
    others = AllocationRun.objects.filter(wave=run.wave, status=AllocationRun.Status.PROPOSED).exclude(
        pk=run.pk
    )
    return render(
        request,
        "allocation/run_decide.html",
        {
            "run": run,
            "wave": run.wave,
            "step": step,
            "error": error,
            "reason": reason,
            "confirmed": confirmed,
            "other_proposals": others.count(),
            "mean_km": km(run.mean_km) if run.placed else "—",
        },
        status=409 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def run_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision(request, pk, step="confirm")


@require_http_methods(["GET", "POST"])
def run_discard(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision(request, pk, step="discard")


@require_GET
def run_openings(request: HttpRequest, pk: int) -> HttpResponse:
    """Where new cohorts would help most: this run's unplaced people by regency."""
    _require_viewer(request)
    run = get_run_for(request.user, pk)
    hints = where_to_open(placements_visible_to(request.user, run), run.wave)
    rows = [
        {
            "hint": hint,
            "km": km(hint.nearest_km),
            "reasons": [
                (Placement.Unplaced(r).label, n) for r, n in sorted(hint.reasons.items(), key=lambda i: -i[1])
            ],
        }
        for hint in hints
    ]
    return render(
        request,
        "allocation/run_openings.html",
        {"run": run, "wave": run.wave, "page": page_of(rows, request.GET.get("page"), PAGE)},
    )


@require_http_methods(["GET", "POST"])
def placement_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move one person by hand, with a reason: to a cohort with a free seat, or out of theirs."""
    _require_viewer(request)
    placement = get_placement_for(request.user, pk)
    run = placement.run
    if not allocates(request.user):
        raise Http404
    options = cohorts_to_move_to(placement)
    choices = [(str(option.cohort.pk), option) for option in options]
    form = MoveForm(
        request.POST or None,
        choices=[(value, value) for value, _option in choices],
        can_take_out=placement.cohort_id is not None,
    )
    error = None
    if request.method == "POST" and form.is_valid():
        value = form.cleaned_data["cohort"]
        target = None if value == OUT else Cohort.objects.filter(pk=int(value)).first()
        try:
            actions.move_placement(
                placement, to_cohort=target, by=request.user, reason=form.cleaned_data["reason"]
            )
        except InvalidInput as failure:
            add_domain_error(form, failure)
        except DomainError as failure:
            error = failure.text
        else:
            messages.success(
                request,
                _("%(name)s is moved. The change is recorded with your reason.")
                % {"name": placement.enrolment.participant.full_name},
            )
            return redirect("allocation:run_detail", run.pk)
    return render(
        request,
        "allocation/placement_move.html",
        {
            "placement": placement,
            "run": run,
            "wave": run.wave,
            "participant": placement.enrolment.participant,
            "district": district_of(placement.enrolment.participant),
            "explanation": explanation_text(placement),
            "options": [
                {"value": value, "option": option, "km": km(option.distance_km)} for value, option in choices
            ],
            "form": form,
            "error": error,
            "show_identifiers": sees_identifiers(request.user),
            "selected": form["cohort"].value(),
        },
        status=422 if request.method == "POST" else 200,
    )
