"""Pages of applications for capital: the participant applies, uploads documents and follows the
outcome (on a phone, without JavaScript); the counselor sees the clients' applications and refers
a ready one to a financing partner; national admins and auditors see all."""

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wirausaha.common.audit import record_event
from wirausaha.common.errors import DomainError
from wirausaha.common.forms import add_domain_error
from wirausaha.common.pagination import page_of
from wirausaha.registry.queries import get_own_participant

from ..actions import applications as actions
from ..actions import referrals
from ..facts import readiness_of
from ..models import Application, ApplicationDocument, Referral
from ..queries.applications import (
    applications_visible_to,
    documents_of,
    financing_partners,
    get_application_for,
    get_document_for,
    get_referral_for,
    is_participant,
    is_partner,
    missing_texts,
    oversees_finance,
    products_open_on,
    referrals_of,
    refers,
)


class ApplyForm(forms.Form):
    product = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Product"), empty_label=None)
    amount = forms.CharField(
        label=gettext_lazy("Amount (Rp)"),
        max_length=15,
        help_text=gettext_lazy("Whole rupiah, for example 10000000."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    tenor_months = forms.IntegerField(label=gettext_lazy("Tenor (months)"), min_value=1, max_value=600)
    purpose = forms.CharField(
        label=gettext_lazy("What is the money for?"),
        max_length=actions.PURPOSE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products_open_on(timezone.localdate()).order_by("max_amount")


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Document"), choices=ApplicationDocument.Kind.choices)
    file = forms.FileField(
        label=gettext_lazy("File"), help_text=gettext_lazy("A PDF, JPEG or PNG of at most 5 MB.")
    )


class ReferForm(forms.Form):
    partner = forms.ModelChoiceField(
        queryset=None, label=gettext_lazy("Financing partner"), empty_label=gettext_lazy("Choose…")
    )
    note = forms.CharField(
        label=gettext_lazy("Note for the partner"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = financing_partners()


def _sees_applications(user) -> bool:
    return is_participant(user) or refers(user) or oversees_finance(user)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    if is_partner(request.user):
        return redirect("finance:referral_list")
    if _sees_applications(request.user):
        return redirect("finance:application_list")
    raise Http404


@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    if not _sees_applications(request.user):
        raise Http404
    rows = applications_visible_to(request.user).order_by("-created_at", "-pk")
    status = request.GET.get("status", "")
    if status in Application.Status.values:
        rows = rows.filter(status=status)
    page = page_of(rows, request.GET.get("page"))
    verdicts = readiness_of(Application.objects.filter(pk__in=[a.pk for a in page]), timezone.localdate())
    return render(
        request,
        "finance/application_list.html",
        {
            "page": page,
            "rows": [(a, verdicts.get(a.pk)) for a in page],
            "statuses": Application.Status.choices,
            "status": status,
            "own": is_participant(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def application_start(request: HttpRequest) -> HttpResponse:
    if not is_participant(request.user):
        raise Http404
    participant = get_own_participant(request.user)
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = actions.start_application(
                participant=participant, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Application saved. Now upload its documents."))
            return redirect("finance:application_detail", application.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "finance/application_form.html", {"form": form}, status=status)


def _detail_context(request: HttpRequest, application: Application, **forms_) -> dict:
    user = request.user
    verdict = readiness_of(Application.objects.filter(pk=application.pk), timezone.localdate())[
        application.pk
    ]
    applicant_side = application.participant.user_id == user.pk or refers(user)
    return {
        "application": application,
        "verdict": verdict,
        "missing": missing_texts(verdict.missing),
        "documents": documents_of(application),
        "referrals": referrals_of(application),
        "uploads": applicant_side and actions.accepts_documents(application),
        "upload_form": forms_.get("upload_form") or UploadForm(),
        "refers": refers(user),
        "may_refer": refers(user) and application.status == Application.Status.PREPARING,
        "refer_form": forms_.get("refer_form") or ReferForm(),
        "may_withdraw": applicant_side and application.status == Application.Status.PREPARING,
        "own": application.participant.user_id == user.pk,
    }


@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk)
    return render(request, "finance/application_detail.html", _detail_context(request, application))


@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = actions.upload_document(
                application=application,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("%(document)s uploaded.") % {"document": document.get_kind_display()})
            return redirect("finance:application_detail", application.pk)
    return render(
        request,
        "finance/application_detail.html",
        _detail_context(request, application, upload_form=form),
        status=422,
    )


@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """A document to those who see its application; each download is audited."""
    document = get_document_for(request.user, pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    record_event(
        request.user,
        "finance_application.document_viewed",
        document.application,
        changes={"document": [None, document.kind]},
    )
    name = f"{document.kind}-{document.application_id}.{document.extension}"
    return FileResponse(handle, as_attachment=False, filename=name, content_type=document.content_type)


@require_POST
def application_refer(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk)
    if not refers(request.user):
        raise Http404
    form = ReferForm(request.POST)
    if form.is_valid():
        try:
            referral = referrals.refer_application(
                application=application,
                partner=form.cleaned_data["partner"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Referred to %(partner)s; the dossier is being prepared.")
                % {"partner": referral.partner.name},
            )
            return redirect("finance:application_detail", application.pk)
    return render(
        request,
        "finance/application_detail.html",
        _detail_context(request, application, refer_form=form),
        status=422,
    )


@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk)
    try:
        actions.withdraw_application(application=application, by=request.user)
    except DomainError as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("Application withdrawn."))
    return redirect("finance:application_detail", application.pk)


@require_POST
def referral_resend(request: HttpRequest, pk: int) -> HttpResponse:
    referral: Referral = get_referral_for(request.user, pk)
    if not refers(request.user):
        raise Http404
    try:
        referrals.resend_referral(referral=referral, by=request.user, note=request.POST.get("note", ""))
    except DomainError as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("Sent again to %(partner)s.") % {"partner": referral.partner.name})
    return redirect("finance:application_detail", referral.application_id)
