"""The partner portal: a financing partner's inbox of the referrals sent to its organisation (late
ones flagged), one referral with its dossier, and the forms that record the outcome. National
admins and auditors see every referral (and the late ones) here too, read-only."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from wirausaha.common.audit import record_event
from wirausaha.common.errors import DomainError
from wirausaha.common.forms import add_domain_error
from wirausaha.common.pagination import page_of

from ..actions import decisions
from ..actions.decisions import TRANSITIONS
from ..models import Referral
from ..queries.applications import (
    decides_for,
    documents_of,
    get_referral_for,
    is_partner,
    late_q,
    oversees_finance,
    referrals_visible_to,
)
from ..tasks import render_referral_dossier

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class MoreDocumentsForm(forms.Form):
    documents_requested = forms.CharField(
        label=gettext_lazy("Which documents are needed?"), max_length=2000, widget=TEXTAREA
    )


class ApproveForm(forms.Form):
    amount = forms.IntegerField(label=gettext_lazy("Approved amount (Rp)"), min_value=1)
    tenor_months = forms.IntegerField(label=gettext_lazy("Tenor (months)"), min_value=1, max_value=600)
    rate = forms.DecimalField(
        label=gettext_lazy("Annual rate (%)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        localize=True,
        help_text=gettext_lazy("For example 6 or 6,5."),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=2000, widget=TEXTAREA)


class DisburseForm(forms.Form):
    disbursed_on = forms.DateField(
        label=gettext_lazy("Disbursed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    amount = forms.IntegerField(label=gettext_lazy("Disbursed amount (Rp)"), min_value=1)


class SikpForm(forms.Form):
    sikp_status = forms.CharField(label=gettext_lazy("SIKP status as the bank reports it"), max_length=120)


# outcome -> (form, target status or None for the SIKP status, action)
OUTCOMES = {
    "more_documents": (
        MoreDocumentsForm,
        Referral.Status.MORE_DOCUMENTS,
        lambda r, by, d: decisions.request_more_documents(
            referral=r, by=by, documents=d["documents_requested"]
        ),
    ),
    "approve": (
        ApproveForm,
        Referral.Status.APPROVED,
        lambda r, by, d: decisions.approve_referral(
            referral=r,
            by=by,
            amount=d["amount"],
            tenor_months=d["tenor_months"],
            rate_bp=int(d["rate"] * 100),
        ),
    ),
    "reject": (
        RejectForm,
        Referral.Status.REJECTED,
        lambda r, by, d: decisions.reject_referral(referral=r, by=by, reason=d["reason"]),
    ),
    "disburse": (
        DisburseForm,
        Referral.Status.DISBURSED,
        lambda r, by, d: decisions.disburse_referral(
            referral=r, by=by, disbursed_on=d["disbursed_on"], amount=d["amount"]
        ),
    ),
    "sikp": (
        SikpForm,
        None,
        lambda r, by, d: decisions.record_sikp_status(referral=r, by=by, status=d["sikp_status"]),
    ),
}


def _sees_portal(user) -> bool:
    return is_partner(user) or oversees_finance(user)


@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    if not _sees_portal(request.user):
        raise Http404
    rows = referrals_visible_to(request.user).order_by("-referred_at", "-pk")
    late_only = bool(request.GET.get("terlambat"))
    if late_only:
        rows = rows.filter(late_q())
    status = request.GET.get("status", "")
    if status in Referral.Status.values:
        rows = rows.filter(status=status)
    return render(
        request,
        "finance/partner_inbox.html",
        {
            "page": page_of(rows, request.GET.get("page")),
            "late_only": late_only,
            "status": status,
            "statuses": Referral.Status.choices,
            "partner": is_partner(request.user),
        },
    )


def _decision_forms(referral: Referral, bound: dict) -> list[tuple[str, str, forms.Form]]:
    titles = {
        "more_documents": _("Ask for more documents"),
        "approve": _("Approve"),
        "reject": _("Reject"),
        "disburse": _("Record the disbursement"),
        "sikp": _("SIKP status"),
    }
    shown = []
    for outcome, (form_class, target, _action) in OUTCOMES.items():
        if target is not None and target not in TRANSITIONS[referral.status]:
            continue
        if outcome == "sikp" and referral.status == Referral.Status.REJECTED:
            continue
        form = bound.get(outcome) or form_class(prefix=outcome)
        if outcome == "approve" and outcome not in bound:
            form.initial = {
                "amount": referral.application.amount,
                "tenor_months": referral.application.tenor_months,
            }
        if outcome == "disburse" and outcome not in bound:
            form.initial = {"amount": referral.approved_amount}
        shown.append((outcome, titles[outcome], form))
    return shown


def _referral_page(request: HttpRequest, referral: Referral, bound: dict | None = None, status: int = 200):
    decides = decides_for(request.user, referral)
    return render(
        request,
        "finance/partner_referral.html",
        {
            "referral": referral,
            "application": referral.application,
            "documents": documents_of(referral.application),
            "decides": decides,
            "forms": _decision_forms(referral, bound or {}) if decides else [],
            "rate_percent": f"{referral.approved_rate_bp / 100:g}".replace(".", ",")
            if referral.approved_rate_bp is not None
            else "",
            "portal": _sees_portal(request.user),
        },
        status=status,
    )


@require_GET
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _referral_page(request, get_referral_for(request.user, pk))


@require_POST
def referral_decide(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for(request.user, pk)
    if not decides_for(request.user, referral):
        raise Http404
    outcome = request.POST.get("outcome", "")
    if outcome not in OUTCOMES:
        messages.error(request, _("Choose what to record."))
        return redirect("finance:referral_detail", referral.pk)
    form_class, _target, action = OUTCOMES[outcome]
    form = form_class(request.POST, prefix=outcome)
    if form.is_valid():
        try:
            action(referral, request.user, form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Saved. The participant and the counselor are notified."))
            return redirect("finance:referral_detail", referral.pk)
    return _referral_page(request, get_referral_for(request.user, pk), {outcome: form}, status=422)


def _dossier(request: HttpRequest, pk: int, field: str, content_type: str, extension: str) -> HttpResponse:
    referral = get_referral_for(request.user, pk)
    stored = getattr(referral, field)
    try:
        handle = stored.open("rb") if stored and referral.dossier_rendered_at else None
    except FileNotFoundError:
        handle = None
    if handle is None:
        if referral.dossier_rendered_at:  # drawn, but the file is gone: draw it again
            render_referral_dossier.enqueue(referral_id=referral.pk)
        messages.info(request, _("The dossier is being prepared. Try again in a few minutes."))
        return redirect("finance:referral_detail", referral.pk)
    record_event(
        request.user, "finance_referral.dossier_downloaded", referral, changes={"file": [None, extension]}
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"berkas-rujukan-{referral.pk}.{extension}",
        content_type=content_type,
    )


@require_GET
def dossier_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _dossier(request, pk, "dossier_pdf", "application/pdf", "pdf")


@require_GET
def dossier_zip(request: HttpRequest, pk: int) -> HttpResponse:
    return _dossier(request, pk, "dossier_zip", "application/zip", "zip")
