"""A participant's own pages about their record: corrections, NIK change, download and
withdrawal of consent. Nobody but the participant reaches them: the record is looked up through
the scoped query by the signed-in account (queries.get_own_participant), so an officer or partner
gets a 404. Plain forms and redirects, as in the registration."""

import json

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from wirausaha.common.audit_texts import value_text

from ..actions import export_participant_data, request_nik_change, update_participant, withdraw_consent
from ..errors import ParticipantInvalid, WrongState
from ..models import NikChangeRequest, Participant
from ..queries import get_own_participant
from ..registration.forms import participant_data
from .data_pdf import Section, render_personal_data
from .forms import EditForm, NikChangeForm, WithdrawForm, initial_from


@require_http_methods(["GET", "POST"])
def my_edit(request: HttpRequest) -> HttpResponse:
    participant = get_own_participant(request.user)
    initial = initial_from(participant)
    if request.method == "POST":
        form = EditForm(request.POST, request.FILES, initial=initial)
        if request.POST.get("action") == "choose":
            form = EditForm(initial={**initial, **form.typed()})
        elif not form.has_changed():
            messages.info(request, _("Nothing was changed."))
            return redirect("journey:status")
        elif form.is_valid():
            data = participant_data({k: v for k, v in form.values().items() if k != "layoff_evidence"})
            try:
                update_participant(
                    participant, data=data, by=request.user, evidence=form.cleaned_data["layoff_evidence"]
                )
            except ParticipantInvalid as error:
                form.add_rule_errors(error.errors, form.typed())
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect("journey:status")
    else:
        form = EditForm(initial=initial)
    return render(request, "registry/me/edit.html", {"form": form, "participant": participant})


@require_http_methods(["GET", "POST"])
def my_nik(request: HttpRequest) -> HttpResponse:
    participant = get_own_participant(request.user)
    form = NikChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            request_nik_change(
                participant,
                new_nik=form.cleaned_data["new_nik"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ParticipantInvalid as error:
            form.add_error("new_nik", error.errors.get("nik", str(error)))
        else:
            messages.success(request, _("Your request is sent. The labour office will check it."))
            return redirect("registry:my_nik")
    return render(
        request,
        "registry/me/nik.html",
        {
            "form": form,
            "participant": participant,
            "requests": participant.nik_changes.order_by("-created_at", "-id"),
            "pending": participant.nik_changes.filter(status=NikChangeRequest.Status.PENDING).exists(),
        },
    )


@never_cache
@require_GET
def my_export(request: HttpRequest) -> HttpResponse:
    participant = get_own_participant(request.user)
    body = json.dumps(export_participant_data(participant, by=request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="wirausaha-data-saya.json"'
    return response


# Internal columns of the record that say nothing to the person reading it.
NOT_SHOWN = {"id", "review_rank", "open_duplicate", "province_code", "regency_code", "user"}


def _readable(record: dict) -> list[tuple[str, str]]:
    """The record's fields as label and value in the reader's language (value_text: choices and
    yes/no in words, dates in local format)."""
    rows = []
    for key, value in record.items():
        try:
            field = Participant._meta.get_field(key)
        except FieldDoesNotExist:
            continue
        if key in NOT_SHOWN or value in (None, "") or not getattr(field, "verbose_name", None):
            continue
        if key == "domicile":
            shown = record.get("domicile_name") or str(value)
        else:
            shown = value_text(value, field, {}) if not field.is_relation else str(value)
        rows.append((capfirst(str(field.verbose_name)), shown))
    return rows


def _readable_data(request: HttpRequest) -> dict:
    """What the page and the PDF show: the record, the messages sent, what was done (audited)."""
    participant = get_own_participant(request.user)
    data = export_participant_data(participant, by=request.user)
    events = [{**event, "at": value_text(event["at"], None, {})} for event in data["audit_events"]]
    sent = [{**message, "sent_at": value_text(message["sent_at"], None, {})} for message in data["messages"]]
    return {
        "participant": participant,
        "rows": _readable(data["participant"]),
        "events": events,
        "sent": sent,
    }


@never_cache
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything held about the person, as a page to read (the JSON file and the PDF beside it)."""
    return render(request, "registry/me/data.html", _readable_data(request))


@never_cache
@require_GET
def my_data_pdf(request: HttpRequest) -> HttpResponse:
    """The same as the page, as a PDF file to keep or print, in the language the person reads."""
    data = _readable_data(request)
    participant = data["participant"]
    sections = [
        Section(_("Your record"), data["rows"]),
        Section(
            _("Messages sent to you"),
            [(f"{m['sent_at']}\n{m['subject']}", m["body"]) for m in data["sent"]],
            empty=_("No messages."),
        ),
        Section(
            _("What was done with your record"),
            [
                (
                    event["at"],
                    f"{event['action_label']} ({event['reason']})"
                    if event["reason"]
                    else event["action_label"],
                )
                for event in data["events"]
            ],
            empty=_("Nothing yet."),
        ),
    ]
    content = render_personal_data(
        title=_("My data"),
        subtitle=_("%(name)s · made on %(when)s")
        % {
            "name": participant.full_name,
            "when": value_text(timezone.now(), None, {}),
        },
        sections=sections,
        note=_(
            "Everything Wirausaha holds about you, as on the page “My data”. Keep this file safe: it "
            "holds your NIK and other personal data."
        ),
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="wirausaha-data-saya.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def my_withdraw(request: HttpRequest) -> HttpResponse:
    participant = get_own_participant(request.user)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and participant.consent_active and form.is_valid():
        try:
            withdraw_consent(participant, by=request.user, reason=form.cleaned_data["reason"])
        except WrongState as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your consent is withdrawn. Your data is no longer processed."))
        return redirect("journey:status")
    return render(request, "registry/me/withdraw.html", {"form": form, "participant": participant})
