"""Admins' pages: counselor profiles, assignment runs, reassignment and change requests."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wirausaha.common.errors import DomainError
from wirausaha.common.forms import add_domain_error
from wirausaha.common.pagination import page_of

from .. import actions
from ..forms import CounselorForm, DecideChangeForm, ReassignForm, RunForm
from ..models import Assignment, ChangeRequest
from ..queries import (
    active_assignment_of,
    active_counts,
    assigns_counselors,
    change_requests_visible_to,
    counselors_visible_to,
    get_change_request_for,
    get_coached_participant,
    get_counselor_for,
    get_run_for,
    manages_counselors,
    oversees_coaching,
    reads_counselors,
    runs_visible_to,
)


@require_GET
def counselor_list(request: HttpRequest) -> HttpResponse:
    if not reads_counselors(request.user):
        raise Http404
    page = page_of(
        counselors_visible_to(request.user).order_by("user__first_name", "pk"), request.GET.get("page")
    )
    counts = active_counts(c.pk for c in page)
    rows = [{"counselor": c, "active": counts.get(c.pk, 0)} for c in page]
    return render(
        request,
        "coaching/counselor_list.html",
        {"page": page, "rows": rows, "can_manage": manages_counselors(request.user)},
    )


@require_http_methods(["GET", "POST"])
def counselor_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not manages_counselors(request.user):
        raise Http404
    counselor = get_counselor_for(request.user, pk) if pk else None
    initial = {}
    if counselor is not None:
        initial = {
            "organisation_kind": counselor.organisation_kind,
            "organisation_name": counselor.organisation_name,
            "base_district": counselor.base_district_id,
            "sectors": ", ".join(counselor.sectors),
            "in_person": counselor.in_person,
            "remote": counselor.remote,
            "languages": counselor.languages,
            "capacity": counselor.capacity,
            "is_active": counselor.is_active,
        }
    form = CounselorForm(request.POST or None, initial=initial, editing=counselor is not None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_counselor(
                by=request.user,
                data=form.action_data(),
                counselor=counselor,
                user=form.cleaned_data.get("user"),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The counselor's profile is saved."))
            return redirect("coaching:counselor_list")
    status = 422 if request.method == "POST" else 200
    return render(
        request, "coaching/counselor_form.html", {"form": form, "counselor": counselor}, status=status
    )


@require_http_methods(["GET", "POST"])
def run_list(request: HttpRequest) -> HttpResponse:
    if not oversees_coaching(request.user):
        raise Http404
    form = RunForm(request.POST or None)
    if request.method == "POST":
        if not assigns_counselors(request.user):
            raise Http404
        if form.is_valid():
            try:
                run = actions.propose_assignment_run(by=request.user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Run #%(run)s proposed: %(assigned)s assigned, %(unassigned)s not assigned. "
                        "Review it, then confirm."
                    )
                    % {"run": run.pk, "assigned": run.assigned, "unassigned": run.unassigned},
                )
                return redirect("coaching:run_detail", run.pk)
    page = page_of(runs_visible_to(request.user), request.GET.get("page"))
    waiting = actions.waiting_graduates().count()
    return render(
        request,
        "coaching/run_list.html",
        {"form": form, "page": page, "waiting": waiting, "can_assign": assigns_counselors(request.user)},
        status=422 if request.method == "POST" else 200,
    )


@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_run_for(request.user, pk)
    rows = run.assignments.select_related("participant", "counselor__user").order_by(
        "status", "participant__full_name"
    )
    page = page_of(rows, request.GET.get("page"), per_page=50)
    names = {str(c.pk): str(c) for c in counselors_visible_to(request.user)}
    for row in page:
        best = (row.explanation or {}).get("next_best") or {}
        row.next_best_name = names.get(str(best.get("counselor")), "")
    return render(
        request,
        "coaching/run_detail.html",
        {"run": run, "page": page, "can_assign": assigns_counselors(request.user)},
    )


@require_POST
def run_decide(request: HttpRequest, pk: int, confirm: bool) -> HttpResponse:
    if not assigns_counselors(request.user):
        raise Http404
    run = get_run_for(request.user, pk)
    try:
        if confirm:
            actions.confirm_assignment_run(run, by=request.user)
            messages.success(
                request,
                _("Run #%(run)s confirmed: the counselors now see their participants.") % {"run": run.pk},
            )
        else:
            actions.discard_assignment_run(run, by=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("Run #%(run)s discarded.") % {"run": run.pk})
    except DomainError as error:
        messages.error(request, error.text)
    return redirect("coaching:run_detail", run.pk)


def run_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return run_decide(request, pk, True)


def run_discard(request: HttpRequest, pk: int) -> HttpResponse:
    return run_decide(request, pk, False)


@require_http_methods(["GET", "POST"])
def reassign(request: HttpRequest, pk: int) -> HttpResponse:
    if not assigns_counselors(request.user):
        raise Http404
    participant = get_coached_participant(request.user, pk)
    form = ReassignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.reassign_participant(participant=participant, by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The participant has a new counselor."))
            return redirect("coaching:case", participant.pk)
    return render(
        request,
        "coaching/reassign.html",
        {"form": form, "participant": participant, "assignment": active_assignment_of(participant)},
        status=422 if request.method == "POST" else 200,
    )


@require_GET
def change_requests(request: HttpRequest) -> HttpResponse:
    if not oversees_coaching(request.user):
        raise Http404
    page = page_of(change_requests_visible_to(request.user), request.GET.get("page"))
    return render(request, "coaching/change_requests.html", {"page": page})


@require_http_methods(["GET", "POST"])
def change_request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    if not assigns_counselors(request.user):
        raise Http404
    change = get_change_request_for(request.user, pk)
    form = DecideChangeForm(request.POST or None)
    if request.method == "POST" and change.status == ChangeRequest.Status.PENDING and form.is_valid():
        try:
            actions.decide_counselor_change(
                change,
                by=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                counselor=form.cleaned_data["counselor"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The request is decided."))
            return redirect("coaching:change_requests")
    return render(
        request,
        "coaching/change_request.html",
        {"form": form, "change": change, "active": Assignment.Status.ACTIVE},
        status=422 if request.method == "POST" else 200,
    )
