"""Programme money's pages: the products (everyone signed in), grant and equipment-aid proposals
(officers propose; another officer decides from the approvals queue; then disbursement and the
accountability report), budgets (national admins set them; officers read their province's) and
the reconciliation workbook per province and product."""

import io

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl import Workbook

from wirausaha.common.audit import record_event
from wirausaha.common.errors import DomainError
from wirausaha.common.forms import add_domain_error
from wirausaha.common.pagination import page_of
from wirausaha.common.spreadsheets import safe_row
from wirausaha.reference.models import Region
from wirausaha.registry.queries import get_participant_for

from ..actions import grants as actions
from ..models import FinancingProduct, GrantProposal
from ..queries.grants import (
    PROGRAMME_KINDS,
    approvals_queue,
    budgets_visible_to,
    get_proposal_for,
    manages_budgets,
    proposals_visible_to,
    reads_grants,
    reconciliation_rows,
    works_on_grants,
)
from ..queries.products import products_in_force, products_visible_to

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _programme_choices():
    return [(p.code, p.name) for p in products_in_force(timezone.localdate(), kinds=PROGRAMME_KINDS)]


class ProposalForm(forms.Form):
    participant = forms.IntegerField(
        label=gettext_lazy("Participant number"),
        min_value=1,
        max_value=2**31 - 1,
        help_text=gettext_lazy("The number in the address of the participant's page."),
    )
    product = forms.ChoiceField(label=gettext_lazy("Programme"))
    amount = forms.IntegerField(label=gettext_lazy("Amount (Rp)"), min_value=1, max_value=10**15)
    units = forms.IntegerField(
        label=gettext_lazy("Units of equipment"),
        min_value=0,
        max_value=actions.MAX_UNITS,
        required=False,
        help_text=gettext_lazy("Equipment aid only."),
    )
    new_workers = forms.IntegerField(
        label=gettext_lazy("New workers hired"), min_value=0, max_value=10_000, required=False
    )
    purpose = forms.CharField(
        label=gettext_lazy("Purpose"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = _programme_choices()


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("approve", gettext_lazy("Approve")), ("reject", gettext_lazy("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note (required to reject)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DisbursementForm(forms.Form):
    disbursed_on = forms.DateField(
        label=gettext_lazy("Disbursed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    disbursed_amount = forms.IntegerField(
        label=gettext_lazy("Amount disbursed (Rp)"), min_value=1, max_value=10**15
    )
    report_due_on = forms.DateField(
        label=gettext_lazy("Report due on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Empty: the programme's usual period after the disbursement."),
    )


class ReportForm(forms.Form):
    submitted_on = forms.DateField(
        label=gettext_lazy("Submitted on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    file = forms.FileField(label=gettext_lazy("Report (PDF, JPEG or PNG, at most 5 MB)"))


class BudgetForm(forms.Form):
    product_code = forms.ChoiceField(label=gettext_lazy("Programme"))
    province = forms.ChoiceField(label=gettext_lazy("Province"))
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    amount = forms.IntegerField(
        label=gettext_lazy("Budget (Rp), for a grant"), min_value=0, max_value=10**15, required=False
    )
    units = forms.IntegerField(
        label=gettext_lazy("Stock (units), for equipment aid"),
        min_value=0,
        max_value=actions.MAX_UNITS,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = FinancingProduct.objects.filter(kind__in=PROGRAMME_KINDS).order_by("code", "-in_force_from")
        self.fields["product_code"].choices = list(dict((p.code, p.name) for p in codes).items())
        provinces = Region.objects.filter(level=Region.Level.PROVINCE).order_by("name")
        self.fields["province"].choices = [(r.code, r.name) for r in provinces]


@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    products = products_visible_to(request.user).order_by("kind", "min_amount", "code", "-in_force_from")
    return render(
        request, "finance/grant_products.html", {"products": products, "today": timezone.localdate()}
    )


def _require_reader(request: HttpRequest) -> None:
    if not (reads_grants(request.user) or request.user.role == "participant"):
        raise Http404


@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    rows = proposals_visible_to(request.user).order_by("-created_at", "-pk")
    status = request.GET.get("status", "")
    if status in GrantProposal.Status.values:
        rows = rows.filter(status=status)
    return render(
        request,
        "finance/grant_list.html",
        {
            "page": page_of(rows, request.GET.get("page")),
            "statuses": GrantProposal.Status.choices,
            "status": status,
            "officer": works_on_grants(request.user),
            "title": _("Grants and equipment aid"),
        },
    )


@require_GET
def approval_queue(request: HttpRequest) -> HttpResponse:
    if not works_on_grants(request.user):
        raise Http404
    return render(
        request,
        "finance/grant_list.html",
        {
            "page": page_of(approvals_queue(request.user), request.GET.get("page")),
            "officer": True,
            "queue": True,
            "title": _("Proposals awaiting your decision"),
        },
    )


@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest) -> HttpResponse:
    if not works_on_grants(request.user):
        raise Http404
    if request.method == "POST":
        form = ProposalForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                participant = get_participant_for(request.user, data["participant"])
            except Http404:
                form.add_error("participant", _("No participant with this number in your region."))
            else:
                try:
                    proposal = actions.propose_grant(
                        participant=participant,
                        product_code=data["product"],
                        amount=data["amount"],
                        units=data["units"] or 0,
                        new_workers=data["new_workers"] or 0,
                        purpose=data["purpose"],
                        by=request.user,
                    )
                except DomainError as error:
                    add_domain_error(form, error)
                else:
                    messages.success(request, _("Proposed. Another officer will decide it."))
                    return redirect("finance:grant_detail", proposal.pk)
        return render(request, "finance/grant_form.html", {"form": form}, status=422)
    initial = (
        {"participant": request.GET.get("peserta")} if (request.GET.get("peserta") or "").isdigit() else {}
    )
    return render(request, "finance/grant_form.html", {"form": ProposalForm(initial=initial)})


def _detail(request: HttpRequest, proposal: GrantProposal, status: int = 200, **forms_) -> HttpResponse:
    officer = works_on_grants(request.user)
    return render(
        request,
        "finance/grant_detail.html",
        {
            "proposal": proposal,
            "officer": officer,
            "may_decide": officer
            and proposal.status == GrantProposal.Status.PROPOSED
            and proposal.proposed_by_id != request.user.pk,
            "own_proposal": proposal.proposed_by_id == request.user.pk,
            "decision_form": forms_.get("decision_form") or DecisionForm(),
            "disbursement_form": forms_.get("disbursement_form")
            or DisbursementForm(
                initial={"disbursed_on": timezone.localdate(), "disbursed_amount": proposal.amount}
            ),
            "report_form": forms_.get("report_form")
            or ReportForm(initial={"submitted_on": timezone.localdate()}),
        },
        status=status,
    )


@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    return _detail(request, get_proposal_for(request.user, pk))


def _post(request: HttpRequest, pk: int, form_class, key: str, call, done: str) -> HttpResponse:
    proposal = get_proposal_for(request.user, pk)
    if not works_on_grants(request.user):
        raise Http404
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            call(proposal, form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, done)
            return redirect("finance:grant_detail", proposal.pk)
    return _detail(request, get_proposal_for(request.user, pk), status=422, **{key: form})


@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        DecisionForm,
        "decision_form",
        lambda p, d: actions.decide_grant(
            p, approve=d["decision"] == "approve", note=d["note"], by=request.user
        ),
        _("Decision recorded."),
    )


@require_POST
def proposal_disburse(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        DisbursementForm,
        "disbursement_form",
        lambda p, d: actions.disburse_grant(
            p,
            on=d["disbursed_on"],
            amount=d["disbursed_amount"],
            report_due_on=d["report_due_on"],
            by=request.user,
        ),
        _("Disbursement recorded."),
    )


@require_POST
def proposal_report(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        ReportForm,
        "report_form",
        lambda p, d: actions.record_grant_report(
            p, submitted_on=d["submitted_on"], upload=d["file"], by=request.user
        ),
        _("Report recorded."),
    )


@require_GET
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    proposal = get_proposal_for(request.user, pk)
    if not proposal.report_file:
        raise Http404
    record_event(request.user, "grant.report_downloaded", proposal)
    name = proposal.report_file.name.rsplit("/", 1)[-1]
    return FileResponse(proposal.report_file.open("rb"), as_attachment=True, filename=f"laporan-hibah-{name}")


@require_http_methods(["GET", "POST"])
def budget_list(request: HttpRequest) -> HttpResponse:
    if not reads_grants(request.user):
        raise Http404
    admin = manages_budgets(request.user)
    form = BudgetForm(initial={"year": timezone.localdate().year})
    status = 200
    if request.method == "POST":
        if not admin:
            raise Http404
        form = BudgetForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.save_budget(
                    product_code=data["product_code"],
                    province_id=data["province"],
                    year=data["year"],
                    amount=data["amount"] or 0,
                    units=data["units"] or 0,
                    by=request.user,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Budget saved."))
                return redirect("finance:budget_list")
        status = 422
    budgets = budgets_visible_to(request.user).order_by("-year", "province__name", "product_code", "pk")
    names = dict(FinancingProduct.objects.values_list("code", "name"))
    page = page_of(budgets, request.GET.get("page"))
    return render(
        request,
        "finance/grant_budgets.html",
        {
            "page": page,
            "rows": [(b, names.get(b.product_code, b.product_code)) for b in page],
            "form": form if admin else None,
        },
        status=status,
    )


@require_GET
def reconciliation_xlsx(request: HttpRequest) -> HttpResponse:
    """One row per province, product and year: budget, committed, approved, disbursed, reports in."""
    if not reads_grants(request.user):
        raise Http404
    year = request.GET.get("tahun", "")
    rows = reconciliation_rows(request.user, year=int(year) if year.isdigit() and len(year) == 4 else None)
    header = [
        _("Year"),
        _("Province code"),
        _("Province"),
        _("Programme"),
        _("Budget (Rp)"),
        _("Stock (units)"),
        _("Committed (Rp)"),
        _("Committed (units)"),
        _("Proposals"),
        _("Approved"),
        _("Approved (Rp)"),
        _("Approved (units)"),
        _("Disbursed"),
        _("Disbursed (Rp)"),
        _("Reports in"),
    ]
    keys = [
        "year",
        "province_code",
        "province",
        "product_code",
        "budget_amount",
        "budget_units",
        "committed_amount",
        "committed_units",
        "proposed",
        "approved",
        "approved_amount",
        "approved_units",
        "disbursed",
        "disbursed_amount",
        "reports_in",
    ]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Reconciliation"))
    sheet.append(safe_row(header))
    for row in rows:
        sheet.append(safe_row([row[key] for key in keys]))
    stream = io.BytesIO()
    book.save(stream)
    record_event(
        request.user, "grant_budget.reconciliation_exported", None, changes={"rows": [None, len(rows)]}
    )
    response = HttpResponse(stream.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="rekonsiliasi-bantuan.xlsx"'
    return response
