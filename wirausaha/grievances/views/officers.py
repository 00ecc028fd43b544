"""The grievance officers' pages: the queue, the escalations, one case (with the reporter's contact,
for them only) and its steps, and the evidence files."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wirausaha.common.errors import DomainError
from wirausaha.common.forms import add_domain_error
from wirausaha.common.pagination import page_of

from .. import actions
from ..actions.rules import zone_of
from ..forms import StepForm
from ..models import Level
from ..queries import (
    acts_on,
    desk_of,
    escalations_of,
    get_evidence,
    get_grievance,
    history,
    queue_of,
    reads_grievances,
)


def _require_reader(request: HttpRequest) -> None:
    if not reads_grievances(request.user):
        raise Http404


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    level = request.GET.get("level")
    level = level if level in Level.values else None
    show_all = request.GET.get("all") == "1"
    rows = queue_of(request.user, level=level, open_only=not show_all)
    return render(
        request,
        "grievances/queue.html",
        {
            "page": page_of(rows, request.GET.get("page")),
            "desk": desk_of(request.user),
            "level": level,
            "show_all": show_all,
            "now": timezone.now(),
            "title": _("Complaints"),
        },
    )


@require_GET
def escalations(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    return render(
        request,
        "grievances/queue.html",
        {
            "page": page_of(escalations_of(request.user), request.GET.get("page")),
            "desk": desk_of(request.user),
            "escalations": True,
            "now": timezone.now(),
            "title": _("Escalated complaints"),
        },
    )


def _case_page(request: HttpRequest, grievance, *, form=None, status=200) -> HttpResponse:
    context = {
        "grievance": grievance,
        "history": history(grievance),
        "evidence": grievance.evidence.all(),
        "zone": zone_of(grievance),
        "acts": acts_on(request.user, grievance),
        "desk": desk_of(request.user),
        "form": form or StepForm(),
        "now": timezone.now(),
    }
    return render(request, "grievances/case.html", context, status=status)


@require_GET
def case(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    return _case_page(request, get_grievance(request.user, pk))


@require_POST
def step(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    grievance = get_grievance(request.user, pk)
    form = StepForm(request.POST)
    if form.is_valid():
        data, by = form.cleaned_data, request.user
        calls = {
            "acknowledge": lambda: actions.acknowledge(grievance=grievance, by=by, text=data["text"]),
            "note": lambda: actions.add_note(
                grievance=grievance, by=by, text=data["text"], public=data["public"]
            ),
            "escalate": lambda: actions.escalate(grievance=grievance, by=by, text=data["text"]),
            "resolve": lambda: actions.resolve(
                grievance=grievance, by=by, outcome=data["outcome"], summary=data["text"]
            ),
        }
        try:
            calls[data["step"]]()
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("grievances:case", grievance.pk)
    grievance.refresh_from_db()
    return _case_page(request, grievance, form=form, status=422)


@require_GET
def evidence(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    """An evidence file, to those who read the case. Each download is in the audit trail."""
    _require_reader(request)
    grievance = get_grievance(request.user, pk)
    item = get_evidence(request.user, grievance, evidence_id)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    actions.note_evidence_opened(grievance=grievance, evidence_id=item.pk, by=request.user)
    name = f"{grievance.number}-{item.pk}.{item.extension}"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=item.content_type)
    response["Cache-Control"] = "no-store"
    return response
