from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRefresh

from wirausaha.common.audit import record_event
from wirausaha.common.errors import DomainError, InvalidInput
from wirausaha.common.pagination import page_of

from ..models import ImportJob
from .actions import MAX_UPLOAD_BYTES, apply_import_job, create_import_job, fail_if_stale, start_import
from .queries import error_file, get_import_job_for, import_jobs_visible_to, may_apply, may_import
from .template import column_help, template_csv, template_xlsx

ERRORS_PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Layoff list (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv," + XLSX}),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Check the file first, without writing anything (recommended)"),
        required=False,
        initial=True,
    )


def _running(job: ImportJob) -> bool:
    return job.status in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING)


@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    if not may_import(request.user):
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = create_import_job(
                upload=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"], by=request.user
            )
        except InvalidInput as error:
            form.add_error("file", error.errors.get("file", str(error)))
        else:
            start_import(job)
            return redirect("registry:import_job", job.pk)
    jobs = page_of(import_jobs_visible_to(request.user).defer("errors"), request.GET.get("page"))
    return render(
        request,
        "registry/import/start.html",
        {
            "form": form,
            "page": jobs,
            "columns": column_help(),
            "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
        },
    )


SHOWN_WARNINGS = 200


@require_GET
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = fail_if_stale(get_import_job_for(request.user, job_id))
    errors = [error for error in job.errors if not error.get("warning")]
    warnings = [error for error in job.errors if error.get("warning")]
    return render(
        request,
        "registry/import/job.html",
        {
            "job": job,
            "running": _running(job),
            "page": page_of(errors, request.GET.get("page"), per_page=ERRORS_PER_PAGE),
            "warnings": warnings[:SHOWN_WARNINGS],
            "more_warnings": max(len(warnings) - SHOWN_WARNINGS, 0),
            # Valid rows neither created nor updated: identical to the registry (the notes list them).
            "unchanged": job.valid - job.created - job.updated,
            "can_apply": may_apply(job) and job.created_by_id == request.user.pk,
        },
    )


@require_GET
def import_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    job = fail_if_stale(get_import_job_for(request.user, job_id))
    if request.htmx and not _running(job):
        # Finished: the whole page reloads to show the counts, the errors and what to do next.
        return HttpResponseClientRefresh()
    return render(request, "registry/import/_progress.html", {"job": job, "running": _running(job)})


@require_http_methods(["GET", "POST"])
def import_apply(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_import_job_for(request.user, job_id)
    if request.method == "POST":
        try:
            job = apply_import_job(job, by=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            start_import(job)
        return redirect("registry:import_job", job.pk)
    if not may_apply(job) or job.created_by_id != request.user.pk:
        return redirect("registry:import_job", job.pk)
    return render(request, "registry/import/apply.html", {"job": job})


@require_GET
def import_errors(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_import_job_for(request.user, job_id)
    if not job.invalid:
        raise Http404
    content = error_file(job)
    # The file holds the rows' personal data (NIK, phone): an export, so it is logged.
    record_event(request.user, "participant.import_errors_downloaded", job)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kesalahan-impor-{job.pk}.csv"'
    return response


@require_GET
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    if not may_import(request.user):
        raise Http404
    if kind == "xlsx":
        response = HttpResponse(template_xlsx(), content_type=XLSX)
    else:
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="templat-impor-peserta.{kind}"'
    return response
