from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wirausaha.accounts.models import Role
from wirausaha.common.errors import DomainError, NotFound
from wirausaha.common.forms import add_domain_error
from wirausaha.common.pagination import page_of

from . import actions
from .forms import CancelForm, CohortForm, SignatoryForm
from .models import TrainingCentre
from .queries import (
    COHORT_GROUPS,
    centres_managed_by,
    cohorts_of,
    courses_listed,
    get_centre,
    get_centre_managed_by,
    get_cohort_managed_by,
    manages_cohorts,
    own_centre,
    provinces,
    search_centres,
    search_cohorts,
)


@require_GET
def centre_list(request: HttpRequest) -> HttpResponse:
    filters = {
        "query": request.GET.get("q", "").strip(),
        "province": request.GET.get("province", ""),
        "kind": request.GET.get("kind", ""),
    }
    if filters["kind"] not in TrainingCentre.Kind.values:
        filters["kind"] = ""
    centres = search_centres(**filters).order_by("short_name")
    return render(
        request,
        "centres/centre_list.html",
        {
            "page": page_of(centres, request.GET.get("page"), 50),
            "filters": filters,
            "provinces": provinces(),
            "kinds": TrainingCentre.Kind.choices,
            "filtered": any(filters.values()),
        },
    )


@require_GET
def centre_detail(request: HttpRequest, centre_id: int) -> HttpResponse:
    centre = get_centre(centre_id)
    return render(
        request,
        "centres/centre_detail.html",
        {
            "centre": centre,
            "cohorts": cohorts_of(centre),
            "manages": centres_managed_by(request.user).filter(pk=centre.pk).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def centre_signatory(request: HttpRequest, centre_id: int) -> HttpResponse:
    """Who signs the centre's certificates: national admins and the centre's own operators."""
    centre = get_centre_managed_by(request.user, centre_id)
    form = SignatoryForm(
        request.POST or None, initial={"head_name": centre.head_name, "head_title": centre.head_title}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_signatory(centre, by=request.user, **form.cleaned_data)
        except NotFound as error:
            raise Http404 from error
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("The signatory of %(centre)s is saved.") % {"centre": centre.short_name}
            )
            return redirect("centres:centre_detail", centre.pk)
    return render(
        request,
        "centres/centre_signatory.html",
        {"form": form, "centre": centre},
        status=422 if form.errors else 200,
    )


@require_GET
def cohort_list(request: HttpRequest) -> HttpResponse:
    """“My cohorts”: a centre operator's centre, or every centre for a national admin."""
    if not manages_cohorts(request.user):
        raise Http404
    group = request.GET.get("group", "upcoming")
    if group not in COHORT_GROUPS:
        group = "upcoming"
    query = request.GET.get("q", "").strip()
    centre = own_centre(request.user)
    return render(
        request,
        "centres/cohort_list.html",
        {
            "centre": centre,
            "national": request.user.role == Role.NATIONAL_ADMIN,
            "group": group,
            "groups": [
                ("upcoming", _("Upcoming")),
                ("running", _("Running")),
                ("past", _("Finished or cancelled")),
            ],
            "query": query,
            "page": page_of(search_cohorts(request.user, group=group, query=query), request.GET.get("page")),
        },
    )


@require_http_methods(["GET", "POST"])
def cohort_create(request: HttpRequest, centre_id: int) -> HttpResponse:
    centre = get_centre_managed_by(request.user, centre_id)
    form = CohortForm(request.POST or None, centre=centre, creating=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cohort = actions.create_cohort(
                centre=centre,
                course=data["course"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                seats=data["seats"],
                trainers=data["trainers"],
                by=request.user,
            )
        except NotFound as error:
            raise Http404 from error
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Cohort %(code)s is created.") % {"code": cohort.code})
            return redirect("centres:cohort_detail", cohort.pk)
    return render(
        request,
        "centres/cohort_form.html",
        {"form": form, "centre": centre, "cohort": None},
        status=422 if form.errors else 200,
    )


@require_GET
def cohort_detail(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_managed_by(request.user, cohort_id)
    return render(
        request,
        "centres/cohort_detail.html",
        {
            "cohort": cohort,
            "trainers": cohort.trainers.order_by("first_name", "username"),
            "closed": cohort.status in actions.CLOSED_STATUSES,
        },
    )


@require_http_methods(["GET", "POST"])
def cohort_edit(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_managed_by(request.user, cohort_id)
    if cohort.status in actions.CLOSED_STATUSES:
        messages.error(request, _("A finished or cancelled cohort can no longer be changed."))
        return redirect("centres:cohort_detail", cohort.pk)
    form = CohortForm(
        request.POST or None, centre=cohort.centre, creating=False, initial=CohortForm.initial_for(cohort)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_cohort(
                cohort,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                seats=data["seats"],
                trainers=data["trainers"],
                by=request.user,
            )
        except NotFound as error:
            raise Http404 from error
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Cohort %(code)s is saved.") % {"code": cohort.code})
            return redirect("centres:cohort_detail", cohort.pk)
    return render(
        request,
        "centres/cohort_form.html",
        {"form": form, "centre": cohort.centre, "cohort": cohort},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def cohort_cancel(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Cancelling is confirmed on its own page, with a reason."""
    cohort = get_cohort_managed_by(request.user, cohort_id)
    if cohort.status in actions.CLOSED_STATUSES:
        messages.error(request, _("A finished or cancelled cohort can no longer be cancelled."))
        return redirect("centres:cohort_detail", cohort.pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.cancel_cohort(cohort, reason=form.cleaned_data["reason"], by=request.user)
        except NotFound as error:
            raise Http404 from error
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Cohort %(code)s is cancelled.") % {"code": cohort.code})
            return redirect("centres:cohort_detail", cohort.pk)
    return render(
        request,
        "centres/cohort_cancel.html",
        {"form": form, "cohort": cohort},
        status=422 if form.errors else 200,
    )


@require_GET
def course_list(request: HttpRequest) -> HttpResponse:
    return render(request, "centres/course_list.html", {"courses": courses_listed()})
