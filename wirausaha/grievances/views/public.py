"""The reporter's pages, open to everyone (no account needed): report a complaint, read the
tracking code once, follow the case with the code, add information, appeal the outcome.

The code never travels in an address (it would sit in logs and browser history): it is typed in a
form, and the case it opens is remembered in the browser's session until the reporter leaves it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wirausaha.common.errors import DomainError
from wirausaha.common.forms import add_domain_error
from wirausaha.common.responses import error_response

from .. import actions
from ..actions.rules import zone_of
from ..forms import AppealForm, FollowForm, InformationForm, ReportForm
from ..models import Grievance, Status
from ..queries import grievance_by_code, public_history
from ..throttle import LOOKUP_MINUTES, REPORT_MINUTES, allow_lookup, allow_report

NEW_CODE = "grievance_new_code"
FOLLOWED = "grievance_followed"


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def too_many(request: HttpRequest, minutes: int) -> HttpResponse:
    return error_response(
        request,
        status=429,
        code="too_many_attempts",
        title=_("Too many attempts"),
        detail=_("Too many requests came from your network. Try again in %(minutes)d minutes.")
        % {"minutes": minutes},
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        form = ReportForm(province=request.GET.get("province", ""))
        return _private(render(request, "grievances/report.html", {"form": form}))
    if not allow_report(request):
        return too_many(request, REPORT_MINUTES)
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            _grievance, code = actions.report_grievance(
                category=data["category"],
                description=data["description"],
                by=request.user,
                centre=data["centre"],
                wave=data["wave"],
                region=data["province"],
                about_labour_office=data["about_labour_office"],
                person_concerned=data["person_concerned"],
                occurred_on=data["occurred_on"],
                anonymous=data["anonymous"],
                contact_name=data["contact_name"],
                contact=data["contact"],
                files=data["evidence"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            request.session[NEW_CODE] = code
            return redirect("grievances:reported")
    return _private(render(request, "grievances/report.html", {"form": form}, status=422))


@login_not_required
@require_GET
def reported(request: HttpRequest) -> HttpResponse:
    """The tracking code, shown once: it is not kept anywhere it could be read again."""
    code = request.session.pop(NEW_CODE, None)
    if code is None:
        return redirect("grievances:follow")
    return _private(render(request, "grievances/reported.html", {"code": code}))


@login_not_required
@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _private(render(request, "grievances/follow.html", {"form": FollowForm()}))
    if not allow_lookup(request):
        return too_many(request, LOOKUP_MINUTES)
    form = FollowForm(request.POST)
    status = 422
    if form.is_valid():
        grievance = grievance_by_code(form.cleaned_data["code"])
        if grievance is not None:
            request.session.cycle_key()
            request.session[FOLLOWED] = grievance.pk
            return redirect("grievances:followed")
        form.add_error("code", _("No complaint has this code. Check it and type it again."))
        status = 404
    return _private(render(request, "grievances/follow.html", {"form": form}, status=status))


def _followed(request: HttpRequest) -> Grievance | None:
    pk = request.session.get(FOLLOWED)
    return Grievance.objects.filter(pk=pk).select_related("centre", "wave").first() if pk else None


def _followed_page(request, grievance, *, status=200, **forms) -> HttpResponse:
    context = {
        "grievance": grievance,
        "history": public_history(grievance),
        "zone": zone_of(grievance),
        "information_form": forms.get("information_form") or InformationForm(),
        "appeal_form": forms.get("appeal_form") or AppealForm(),
        "can_add": grievance.status not in (Status.RESOLVED, Status.CLOSED),
        "can_appeal": grievance.status == Status.RESOLVED and grievance.appealed_at is None,
    }
    return _private(render(request, "grievances/followed.html", context, status=status))


@login_not_required
@require_GET
def followed(request: HttpRequest) -> HttpResponse:
    grievance = _followed(request)
    if grievance is None:
        return redirect("grievances:follow")
    return _followed_page(request, grievance)


@login_not_required
@require_POST
def add_information(request: HttpRequest) -> HttpResponse:
    grievance = _followed(request)
    if grievance is None:
        return redirect("grievances:follow")
    form = InformationForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_information(
                grievance=grievance, text=form.cleaned_data["text"], files=form.cleaned_data["evidence"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Thank you: the officer will read what you added."))
            return redirect("grievances:followed")
    return _followed_page(request, grievance, status=422, information_form=form)


@login_not_required
@require_POST
def appeal(request: HttpRequest) -> HttpResponse:
    grievance = _followed(request)
    if grievance is None:
        return redirect("grievances:follow")
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            actions.appeal(grievance=grievance, reason=form.cleaned_data["reason"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your appeal was sent to the national level."))
            return redirect("grievances:followed")
    return _followed_page(request, grievance, status=422, appeal_form=form)


@login_not_required
@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    """Forget the followed case in this browser (a shared phone)."""
    request.session.pop(FOLLOWED, None)
    return redirect("grievances:follow")
