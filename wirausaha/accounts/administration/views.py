from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wirausaha.common.errors import DomainError, InvalidInput
from wirausaha.common.forms import add_domain_error
from wirausaha.common.pagination import page_of

from ..models import Organisation
from . import actions
from .forms import STAFF_ROLES, OrganisationForm, ReasonForm, StaffAccountForm
from .queries import get_account_for, manages_accounts, organisations_visible_to, staff_accounts_visible_to

DETAIL = "accounts/administration/account_detail.html"


def _admin_only(request: HttpRequest) -> None:
    if not manages_accounts(request.user):
        raise Http404


@require_http_methods(["GET"])
def account_list(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    role = request.GET.get("role", "")
    role = role if role in dict(STAFF_ROLES) else ""
    q = request.GET.get("q", "").strip()[:100]
    page = page_of(staff_accounts_visible_to(request.user, role=role, q=q), request.GET.get("page"))
    return render(
        request,
        "accounts/administration/account_list.html",
        {"page": page, "roles": STAFF_ROLES, "role": role, "q": q},
    )


@require_http_methods(["GET", "POST"])
def account_create(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    form = StaffAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = actions.create_staff_account(data=form.cleaned_data, by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            link = actions.issue_password_link(account, by=request.user)
            return _show_link(request, account, link, created=True)
    return render(request, "accounts/administration/account_form.html", {"form": form})


def _show_link(request: HttpRequest, account, link: str, *, created: bool) -> HttpResponse:
    # Shown once, to hand over in person or by the office's own channel; never stored or mailed
    # by Wirausaha.
    return render(
        request,
        "accounts/administration/password_link.html",
        {"account": account, "link": request.build_absolute_uri(link), "created": created},
    )


@require_http_methods(["GET", "POST"])
def account_detail(request: HttpRequest, account_id: int) -> HttpResponse:
    _admin_only(request)
    account = get_account_for(request.user, account_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "password_link":
            link = actions.issue_password_link(account, by=request.user)
            return _show_link(request, account, link, created=False)
        change = {"deactivate": actions.deactivate_user, "reactivate": actions.reactivate_user}.get(action)
        if change is None:
            raise Http404
        if form.is_valid():
            try:
                change(account, by=request.user, reason=form.cleaned_data["reason"])
            except InvalidInput as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s can no longer sign in.") % {"name": account.display_name}
                    if action == "deactivate"
                    else _("%(name)s can sign in again.") % {"name": account.display_name},
                )
                return redirect("accounts:account_detail", account.pk)
        return render(request, DETAIL, {"account": account, "form": form}, status=422)
    return render(request, DETAIL, {"account": account, "form": form})


@require_http_methods(["GET", "POST"])
def organisation_list(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    kind = request.GET.get("kind", "")
    kind = kind if kind in Organisation.Kind.values else ""
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = actions.create_organisation(
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                region_code=form.cleaned_data["region"],
                by=request.user,
            )
        except InvalidInput as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Organisation %(name)s created.") % {"name": organisation.name})
            return redirect("accounts:organisation_list")
    organisations = organisations_visible_to(request.user, kind=kind).order_by("name")
    page = page_of(organisations, request.GET.get("page"))
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "accounts/administration/organisation_list.html",
        {"page": page, "form": form, "kinds": Organisation.Kind.choices, "kind": kind},
        status=status,
    )
