from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wirausaha.common.pagination import page_of

from ..actions import set_template_status
from ..events import Event
from ..forms import TemplateStatusForm
from ..models import WhatsAppTemplate
from ..queries import (
    delivery_statistics,
    failed_messages_visible_to,
    get_template_for,
    manages_templates,
    reads_delivery,
    templates_visible_to,
)


@require_GET
def template_list(request):
    if not manages_templates(request.user):
        raise Http404
    page = page_of(templates_visible_to(request.user), request.GET.get("page"))
    events = dict(Event.choices)
    rows = [
        {
            "template": t,
            "event": events.get(t.event, t.event),
            "form": TemplateStatusForm(initial={"status": t.status}, prefix=f"t{t.pk}", template=t),
        }
        for t in page
    ]
    return render(request, "notifications/template_list.html", {"page": page, "rows": rows})


@require_POST
def template_status(request, pk: int):
    if not manages_templates(request.user):
        raise Http404
    try:
        template = get_template_for(request.user, pk)
    except WhatsAppTemplate.DoesNotExist as missing:
        raise Http404 from missing
    form = TemplateStatusForm(request.POST, prefix=f"t{pk}")
    if form.is_valid():
        set_template_status(template, status=form.cleaned_data["status"], by=request.user)
        messages.success(
            request,
            _("Template %(name)s (%(language)s) is now: %(status)s.")
            % {"name": template.name, "language": template.language, "status": template.get_status_display()},
        )
    else:
        messages.error(request, _("Choose one of the statuses in the list."))
    return redirect("notifications:templates")


@require_GET
def delivery(request):
    if not reads_delivery(request.user):
        raise Http404
    page = page_of(failed_messages_visible_to(request.user), request.GET.get("page"))
    return render(
        request,
        "notifications/delivery.html",
        {"statistics": delivery_statistics(request.user), "page": page},
    )
