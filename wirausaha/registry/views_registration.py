"""Self-registration in steps, and a participant's own pages: status, corrections, NIK change,
download and withdrawal of consent. Plain forms and redirects, so that every page works without
JavaScript; htmx only refreshes the region lists in place."""

import json

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from wirausaha.common.pagination import page_of
from wirausaha.notifications.queries import messages_for
from wirausaha.programs.models import EnrolmentState
from wirausaha.programs.queries import enrolments_of
from wirausaha.reference.models import Sector
from wirausaha.reference.queries import region_names, sectors_matching

from .actions import clean as clean_rules
from .actions import (
    export_participant_data,
    register_participant,
    request_nik_change,
    update_participant,
    withdraw_consent,
)
from .consent import CONSENT_TEXT
from .errors import NikTaken, ParticipantInvalid, WrongState
from .forms_registration import (
    DOMICILE,
    KBLI_FIELDS,
    LAST_STEP,
    PARTICIPANT_STEPS,
    STEPS,
    AccountForm,
    EditForm,
    NikChangeForm,
    StepForm,
    WithdrawForm,
    domicile_lists,
    initial_from,
    national_phone,
    participant_data,
    participant_fields,
    step_of,
)
from .models import NikChangeRequest, Participant, Source, Verification
from .queries import participants_visible_to
from .validation import Invalid, nik_message, parse_date

# What the person typed so far (never the password) lives in their session until they submit.
SESSION_KEY = "registration"
PARTICIPANT_BACKEND = "wirausaha.accounts.backends.UsernameOrPhoneBackend"


def _state(request: HttpRequest) -> dict:
    state = request.session.get(SESSION_KEY) or {}
    return {"data": state.get("data", {}), "done": state.get("done", []), "errors": state.get("errors", {})}


def _save(request: HttpRequest, state: dict) -> None:
    request.session[SESSION_KEY] = state


def _step_url(number: int) -> str:
    return reverse("registry:register") if number == 1 else reverse("registry:register_step", args=[number])


def _first_open(state: dict) -> int:
    return next((step.number for step in PARTICIPANT_STEPS if step.number not in state["done"]), LAST_STEP)


@login_not_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, step: int = 1) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("registry:my_status" if hasattr(request.user, "participant") else "home")
    if not 1 <= step <= LAST_STEP:
        raise Http404
    state = _state(request)
    if step > _first_open(state):
        return redirect(_step_url(_first_open(state)))
    if step == LAST_STEP:
        return _account_step(request, state)

    definition = STEPS[step - 1]
    if request.method == "POST" and request.POST.get("action") == "restart":
        # On a shared phone the next person must not see what the last one typed.
        request.session.pop(SESSION_KEY, None)
        return redirect(_step_url(1))
    if request.method == "POST":
        action = request.POST.get("action", "next")
        form = StepForm(request.POST, step=definition, earlier=state["data"])
        if action in ("back", "choose"):
            # Nothing is checked: what was typed is kept for when the person comes back.
            state["data"].update(form.typed())
            _save(request, state)
            if action == "back":
                return redirect(_step_url(max(step - 1, 1)))
            return redirect(_step_url(step) + "#domicile")
        if form.is_valid():
            state["data"].update(form.values())
            state["done"] = sorted({*state["done"], step})
            state["errors"] = {name: text for name, text in state["errors"].items() if step_of(name) != step}
            _save(request, state)
            return redirect(_step_url(_first_open(state)))
    else:
        carried = {name: message for name, message in state["errors"].items() if step_of(name) == step}
        if carried:
            # The final submit found something to fix here: show it as if this step was just sent.
            form = StepForm({**state["data"]}, step=definition, earlier=state["data"])
            form.is_valid()
            form.add_rule_errors(carried, form.typed())
        else:
            form = StepForm(initial=state["data"], step=definition, earlier=state["data"])
    return render(
        request,
        "registry/register/step.html",
        {"form": form, "step": definition, "steps": STEPS, "started": bool(state["data"])},
    )


def _account_step(request: HttpRequest, state: dict) -> HttpResponse:
    data = participant_data(state["data"])
    if request.method == "POST":
        if request.POST.get("action") == "back":
            return redirect(_step_url(LAST_STEP - 1))
        form = AccountForm(request.POST, request.FILES, applicant=data)
        if form.is_valid():
            try:
                participant = register_participant(
                    data=data,
                    consent=form.cleaned_data["consent"],
                    by=None,
                    source=Source.SELF,
                    evidence=form.cleaned_data["layoff_evidence"],
                    password=form.cleaned_data["password1"],
                )
            except (ParticipantInvalid, NikTaken) as error:
                earlier = {
                    name: message for name, message in error.errors.items() if step_of(name) < LAST_STEP
                }
                if earlier:
                    state["errors"] = earlier
                    _save(request, state)
                    messages.error(request, _("Please correct what is marked, then continue."))
                    return redirect(_step_url(min(step_of(name) for name in earlier)))
                form.add_rule_errors(error.errors)
            else:
                request.session.pop(SESSION_KEY, None)
                login(request, participant.user, backend=PARTICIPANT_BACKEND)
                messages.success(request, _("Your registration is received. Thank you."))
                return redirect("registry:my_status")
        if request.FILES and form.errors and "layoff_evidence" not in form.errors:
            messages.info(
                request, _("Choose your layoff letter again: files are not kept when a form has errors.")
            )
    else:
        form = AccountForm(applicant=data)
    return render(
        request,
        "registry/register/account.html",
        {
            "form": form,
            "step": STEPS[-1],
            "steps": STEPS,
            "review": _review(state["data"]),
            "nik_notes": [nik_message(code) for code in clean_rules(data).nik_flags],
            "username": national_phone(data.get("phone", "")),
            "consent_text": CONSENT_TEXT,
        },
    )


DATES = ("birth_date", "layoff_date", "existing_business_since")


def _review(typed: dict) -> list[dict]:
    """What was typed, step by step, as a person reads it: names for codes, dates in words."""
    fields = participant_fields()
    codes = [typed[name] for name in DOMICILE if typed.get(name)]
    regions = region_names(codes)
    sectors = dict(
        Sector.objects.filter(
            code__in=[typed.get("employer_sector"), typed.get("business_interest_sector")]
        ).values_list("code", "title")
    )

    def shown(name: str) -> str:
        value = typed.get(name, "")
        if name == "domicile":
            return ", ".join(regions[code] for code in reversed(codes) if code in regions)
        if not value and name != "jkp_recipient":  # "" is an answer there: "I don't know"
            return ""
        if name in DATES:
            try:
                return date_format(parse_date(value), "j F Y")
            except Invalid:
                return value
        if name in KBLI_FIELDS and value in sectors:
            return f"{value} — {sectors[value]}"
        if name == "phone":
            return national_phone(value)
        if hasattr(fields[name], "choices"):
            return str(dict(fields[name].choices).get(value, value))
        return value

    return [
        {
            "step": step,
            "url": _step_url(step.number),
            "rows": [
                {"label": _("Domicile") if name == "domicile" else fields[name].label, "value": shown(name)}
                for name in step.fields
            ],
        }
        for step in PARTICIPANT_STEPS
    ]


@login_not_required
@require_GET
def region_lists(request: HttpRequest) -> HttpResponse:
    values = {name: request.GET.get(name, "") for name in DOMICILE}
    return render(request, "registry/register/_domicile_lists.html", {"lists": domicile_lists(values)})


@login_not_required
@require_GET
def kbli_search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    # Only five-digit codes (kelompok), which the form asks for.
    sectors = sectors_matching(q, Sector.Level.KELOMPOK) if q.strip() else Sector.objects.none()
    page = page_of(sectors, request.GET.get("page"), 30)
    return render(request, "registry/register/kbli.html", {"page": page, "q": q})


# The participant's own pages. Nobody but the participant reaches them: the record is looked up
# through the scoped query by the signed-in account, so an officer or partner gets a 404.


def _own_participant(request: HttpRequest) -> Participant:
    participant = participants_visible_to(request.user).filter(user_id=request.user.pk).first()
    if participant is None:
        raise Http404
    return participant


NEXT_STEPS = {
    Verification.PENDING: gettext_lazy(
        "The labour office (Disnaker) checks your NIK and your layoff. You do not need to do anything "
        "now: you will get a message here when it is done."
    ),
    Verification.NEEDS_CORRECTION: gettext_lazy(
        "The labour office asks you to correct your data. Correct it, and your registration goes back "
        "to the labour office."
    ),
    Verification.VERIFIED: gettext_lazy(
        "You can take part in the next wave of the programme in your area. We will send you a message "
        "when selection starts."
    ),
    Verification.REJECTED: gettext_lazy(
        "If you think this is a mistake, contact your labour office (Disnaker) with your KTP and your "
        "layoff letter."
    ),
}


# Once verified, what comes next depends on the person's place in a wave: the furthest along first.
WAVE_NEXT_STEPS = {
    EnrolmentState.IN_TRAINING: gettext_lazy(
        "You are in training in %(wave)s. Your sessions and your attendance are under My schedule."
    ),
    EnrolmentState.PLACED: gettext_lazy(
        "You have a place in a training class in %(wave)s. Its place and sessions are under My schedule."
    ),
    EnrolmentState.SELECTED: gettext_lazy(
        "You were selected in %(wave)s. The programme is now placing you in a training class near you: "
        "you will get a message with the class."
    ),
    EnrolmentState.WAITLISTED: gettext_lazy(
        "You are on the waitlist of %(wave)s. If a seat frees up you move up, and you will get a message."
    ),
    EnrolmentState.ELIGIBLE: gettext_lazy(
        "You meet the conditions of %(wave)s. The draw is held after registration closes; you will get "
        "a message with its result."
    ),
    EnrolmentState.APPLIED: gettext_lazy(
        "You applied to %(wave)s. Your application is checked against its conditions after "
        "registration closes; you will get a message with the result."
    ),
    EnrolmentState.GRADUATED: gettext_lazy(
        "You graduated from the training of %(wave)s. Your certificate is under My certificates."
    ),
    EnrolmentState.NOT_PASSED: gettext_lazy(
        "You completed the training of %(wave)s but did not pass its final assessment, so no "
        "certificate was issued. You may apply again when a new wave opens."
    ),
    EnrolmentState.DROPPED_OUT: gettext_lazy(
        "You left the training of %(wave)s before it ended, so no certificate was issued. You may "
        "apply again when a new wave opens."
    ),
}


def _next_step(participant, enrolments) -> str:
    if participant.verification == Verification.VERIFIED:
        for state, text in WAVE_NEXT_STEPS.items():
            enrolment = next((e for e in enrolments if e.state == state), None)
            if enrolment is not None:
                return text % {"wave": enrolment.wave.name}
    return NEXT_STEPS.get(participant.verification, "")


@require_GET
def my_status(request: HttpRequest) -> HttpResponse:
    participant = _own_participant(request)
    pending_nik = participant.nik_changes.filter(status=NikChangeRequest.Status.PENDING).first()
    enrolments = list(enrolments_of(participant))
    return render(
        request,
        "registry/me/status.html",
        {
            "participant": participant,
            "next_step": _next_step(participant, enrolments),
            "enrolments": enrolments,
            "pending_nik": pending_nik,
            "inbox": messages_for(request.user)[:20],
            "states": Verification,
        },
    )


@require_http_methods(["GET", "POST"])
def my_edit(request: HttpRequest) -> HttpResponse:
    participant = _own_participant(request)
    initial = initial_from(participant)
    if request.method == "POST":
        form = EditForm(request.POST, request.FILES, initial=initial)
        if request.POST.get("action") == "choose":
            form = EditForm(initial={**initial, **form.typed()})
        elif not form.has_changed():
            messages.info(request, _("Nothing was changed."))
            return redirect("registry:my_status")
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
                return redirect("registry:my_status")
    else:
        form = EditForm(initial=initial)
    return render(request, "registry/me/edit.html", {"form": form, "participant": participant})


@require_http_methods(["GET", "POST"])
def my_nik(request: HttpRequest) -> HttpResponse:
    participant = _own_participant(request)
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
    participant = _own_participant(request)
    body = json.dumps(export_participant_data(participant, by=request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="wirausaha-data-saya.json"'
    return response


@require_http_methods(["GET", "POST"])
def my_withdraw(request: HttpRequest) -> HttpResponse:
    participant = _own_participant(request)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and participant.consent_active and form.is_valid():
        try:
            withdraw_consent(participant, by=request.user, reason=form.cleaned_data["reason"])
        except WrongState as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your consent is withdrawn. Your data is no longer processed."))
        return redirect("registry:my_status")
    return render(request, "registry/me/withdraw.html", {"form": form, "participant": participant})
