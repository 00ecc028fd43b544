"""Self-registration in steps. Plain forms and redirects, so that every page works without
JavaScript; htmx only refreshes the region lists in place."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wirausaha.accounts.actions import set_own_password
from wirausaha.accounts.codes import CODE_MINUTES, issue_code, use_code
from wirausaha.accounts.models import User
from wirausaha.accounts.throttle import allow_attempt
from wirausaha.common.client import client_ip
from wirausaha.common.pagination import page_of
from wirausaha.common.responses import error_response
from wirausaha.notifications.actions import in_recipients_language, notify
from wirausaha.reference.models import Sector
from wirausaha.reference.queries import region_names, sectors_matching

from ..actions import clean as clean_rules
from ..actions import phone_has_account, register_participant
from ..consent import CONSENT_TEXT
from ..errors import NikTaken, ParticipantInvalid
from ..models import Participant, Source
from ..validation import Invalid, nik_message, parse_date
from .forms import (
    DOMICILE,
    KBLI_FIELDS,
    LAST_STEP,
    PARTICIPANT_STEPS,
    STEPS,
    AccountForm,
    CodeForm,
    domicile_lists,
    national_phone,
    participant_data,
    participant_fields,
    step_of,
)
from .steps import StepForm, nik_places

# What the person typed so far (never the password) lives in their session until they submit.
SESSION_KEY = "registration"
PARTICIPANT_BACKEND = "wirausaha.accounts.backends.UsernameOrPhoneBackend"
# Whose phone the last step sent a code to (an account id, or None when nobody's), and whether
# that account was created just now; the person who typed never learns which case it was.
CODE_KEY = "registration_code"
NEW_PASSWORD_KEY = "registration_new_password"


def _throttled(request: HttpRequest, nik: str = "") -> HttpResponse | None:
    """Refuses a client address, or a NIK, that probes the registration too often (issue #25)."""
    allowed = allow_attempt(
        "register.address",
        client_ip(request),
        limit=settings.REGISTRATION_ADDRESS_LIMIT,
        minutes=settings.REGISTRATION_THROTTLE_MINUTES,
    )
    if allowed and nik:
        allowed = allow_attempt(
            "register.nik",
            nik,
            limit=settings.REGISTRATION_NIK_LIMIT,
            minutes=settings.REGISTRATION_THROTTLE_MINUTES,
        )
    if allowed:
        return None
    return error_response(
        request,
        status=429,
        code="too_many_attempts",
        title=_("Too many attempts"),
        detail=_("Too many registration attempts. Try again in %(minutes)d minutes.")
        % {"minutes": settings.REGISTRATION_THROTTLE_MINUTES},
    )


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
        return redirect("journey:status" if hasattr(request.user, "participant") else "home")
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
        if step == 1 and (refused := _throttled(request, form.typed().get("nik", ""))):
            return refused
        if form.is_valid() and form.prefilled:
            # Filled in from the NIK: the person sees it before going on.
            state["data"].update(form.values())
            _save(request, state)
            messages.info(
                request,
                _(
                    "Your date of birth and sex were filled in from your NIK. Check them against your "
                    "KTP, then press Next."
                ),
            )
        elif form.is_valid():
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
            initial = state["data"]
            if "domicile" in definition.fields and not any(initial.get(name) for name in DOMICILE):
                # The lists start at the region the NIK was issued in; the person changes them if
                # they moved.
                initial = {**initial, **nik_places(initial.get("nik"))}
            form = StepForm(initial=initial, step=definition, earlier=state["data"])
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
            if refused := _throttled(request, data.get("nik", "")):
                return refused
            if (holder := _holder(data)) is not None:
                return _send_code(request, holder.user, created=False)
            try:
                participant = register_participant(
                    data=data,
                    consent=form.cleaned_data["consent"],
                    by=None,
                    source=Source.SELF,
                    evidence=form.cleaned_data["layoff_evidence"],
                    password=form.cleaned_data["password1"],
                )
            except NikTaken:
                holder = _holder(data)
                return _send_code(request, holder.user if holder else None, created=False)
            except ParticipantInvalid as error:
                if "phone" in error.errors and (holder := _holder(data)) is not None:
                    return _send_code(request, holder.user, created=False)
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
                return _send_code(request, participant.user, created=True)
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


def _holder(data: dict) -> Participant | None:
    """The record that holds this NIK, or this mobile number with an account, already."""
    cleaned = clean_rules(data).values
    nik, phone = cleaned.get("nik"), cleaned.get("phone")
    record = Participant.objects.filter(nik=nik).select_related("user").first() if nik else None
    if record is None and phone and phone_has_account(phone):
        record = Participant.objects.filter(phone=phone, user__isnull=False).select_related("user").first()
    return record


def _send_code(request: HttpRequest, account: User | None, *, created: bool) -> HttpResponse:
    """The same answer whether the registration was stored or the NIK (or number) was taken: a
    code goes to the mobile number on record, if there is one, through the outbox."""
    request.session.pop(SESSION_KEY, None)
    target = account if account is not None and account.is_active else None
    if target is not None:
        code = issue_code(target)
        with in_recipients_language(target):
            notify(
                target,
                event="one_time_code",
                params={"code": code, "minutes": CODE_MINUTES},
                subject=_("Your Wirausaha code"),
                body=_(
                    "Your Wirausaha code is %(code)s. It is valid for %(minutes)d minutes. Do not give "
                    "it to anyone: officers never ask for it. If you did not just register, ignore "
                    "this message: nothing was changed."
                )
                % {"code": code, "minutes": CODE_MINUTES},
            )
    request.session[CODE_KEY] = {"user": target.pk if target else None, "created": created}
    return redirect("registry:register_code")


@login_not_required
@require_http_methods(["GET", "POST"])
def register_code(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(CODE_KEY)
    if pending is None:
        return redirect(_step_url(1))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if refused := _throttled(request):
            return refused
        account = User.objects.filter(pk=pending["user"]).first() if pending["user"] else None
        if account is not None and use_code(account, form.cleaned_data["code"]):
            request.session.pop(CODE_KEY, None)
            login(request, account, backend=PARTICIPANT_BACKEND)
            if pending["created"]:
                messages.success(request, _("Your registration is received. Thank you."))
                return redirect("journey:status")
            request.session[NEW_PASSWORD_KEY] = True
            return redirect("registry:register_password")
        form.add_error(
            "code", _("This code is not right, or it is no longer valid. Start again to get a new code.")
        )
    return render(request, "registry/register/code.html", {"form": form, "minutes": CODE_MINUTES})


@require_http_methods(["GET", "POST"])
def register_password(request: HttpRequest) -> HttpResponse:
    """After a code sent to the phone on record: the owner may choose a new password."""
    if not request.session.get(NEW_PASSWORD_KEY):
        return redirect("journey:status")
    form = SetPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        set_own_password(request.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        request.session.pop(NEW_PASSWORD_KEY, None)
        messages.success(request, _("Your new password is saved."))
        return redirect("journey:status")
    return render(request, "registry/register/new_password.html", {"form": form})


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
