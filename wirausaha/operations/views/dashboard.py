"""The operations page: background processes, the task queue, failed tasks (queued again from
here) and the last backup. National admins only."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wirausaha.common.errors import DomainError, NotFound
from wirausaha.common.pagination import page_of

from .. import actions
from ..queries import failed_tasks_for, overview_for


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    try:
        overview = overview_for(request.user)
    except NotFound:
        raise Http404 from None
    page = page_of(failed_tasks_for(request.user), request.GET.get("page"))
    rows = [
        {
            "pk": task.pk,
            "task": task.task_path.rsplit(".", 1)[-1],
            "error": task.exception_class_path.rsplit(".", 1)[-1],
            "finished_at": task.finished_at,
        }
        for task in page
    ]
    return render(request, "operations/dashboard.html", {**overview, "page": page, "rows": rows})


@require_POST
def retry_task(request: HttpRequest, task_id) -> HttpResponse:
    try:
        actions.retry_failed_task(by=request.user, task_id=task_id)
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("The task is queued again."))
    return redirect("operations:dashboard")
