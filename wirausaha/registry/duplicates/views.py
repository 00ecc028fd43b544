from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wirausaha.accounts.scoping import sees_identifiers, verifies_participants, works_with_participants
from wirausaha.common.errors import DomainError
from wirausaha.common.masking import mask_nik, mask_phone
from wirausaha.common.pagination import page_of

from ..models import DuplicateCandidate, Education, Participant
from . import scoring
from .actions import MergePlan, mark_distinct, merge_participants, merge_plan
from .queries import duplicate_candidates_visible_to, get_candidate_for, waiting_for_duplicate_check

REASONS = {
    scoring.SAME_PHONE: lambda similarity: _("Same mobile number"),
    scoring.SAME_NAME_AND_BIRTH_DATE: lambda similarity: _("Same name and date of birth"),
    scoring.SIMILAR_NAME_SAME_BIRTH_DATE: lambda similarity: (
        _("Names %(similarity)s%% alike and the same date of birth") % {"similarity": similarity}
    ),
    scoring.SIMILAR_NAME_SAME_VILLAGE: lambda similarity: (
        _("Names %(similarity)s%% alike in the same village") % {"similarity": similarity}
    ),
    scoring.SAME_BIRTH_DATE_SAME_VILLAGE: lambda similarity: _("Same date of birth in the same village"),
    scoring.NEAR_BIRTH_DATE: lambda similarity: _("Dates of birth one typing slip apart"),
}
FIELD_LABELS = {
    "full_name": lambda: _("Name"),
    "birth_date": lambda: _("Date of birth"),
    "sex": lambda: _("Sex"),
    "domicile": lambda: _("Domicile"),
    "birth_place": lambda: _("Place of birth"),
    "phone": lambda: _("Mobile number"),
    "email": lambda: _("Email"),
    "education": lambda: _("Highest education"),
    "last_employer": lambda: _("Last employer"),
    "employer_sector": lambda: _("Employer's sector (KBLI)"),
    "job_title": lambda: _("Job title"),
    "layoff_date": lambda: _("Layoff date"),
    "layoff_reason": lambda: _("Layoff reason"),
    "layoff_evidence": lambda: _("Layoff evidence"),
    "jkp_recipient": lambda: _("JKP benefit recipient"),
    "business_interest_sector": lambda: _("Business interest (KBLI)"),
    "business_interest": lambda: _("Business interest"),
    "existing_business": lambda: _("Existing business"),
    "existing_business_since": lambda: _("Existing business since"),
}


def reason_texts(reasons: list) -> list[str]:
    """The stored reason codes in words (an unknown code is shown as it is)."""
    texts = []
    for reason in reasons:
        reason = reason if isinstance(reason, dict) else {"code": reason}
        words = REASONS.get(reason.get("code"))
        texts.append(words(reason.get("similarity")) if words else str(reason.get("code")))
    return texts


def _pair_for(request: HttpRequest, candidate_id: int) -> DuplicateCandidate:
    if not works_with_participants(request.user):
        raise Http404
    return get_candidate_for(request.user, candidate_id)


def _pair_to_decide(request: HttpRequest, candidate_id: int) -> DuplicateCandidate:
    # Auditors read the pairs; only those who verify participants decide on them (a 403, before
    # anything typed is looked at).
    candidate = _pair_for(request, candidate_id)
    if not verifies_participants(request.user):
        raise PermissionDenied
    return candidate


def _place(participant: Participant) -> str:
    region = participant.domicile
    names = [region.name]
    if region.parent_id:
        names.append(region.parent.name)
    return f"{', '.join(names)} ({region.code})"


def _yes_no(value) -> str:
    return "—" if value is None else _("yes") if value else _("no")


def _comparison(first: Participant, second: Participant, show_identifiers: bool) -> list[dict]:
    """The two records side by side, one row per field, with whether they differ."""
    nik = (lambda p: p.nik) if show_identifiers else (lambda p: mask_nik(p.nik))
    phone = (lambda p: p.phone) if show_identifiers else (lambda p: mask_phone(p.phone))
    day = lambda value: date_format(value, "j F Y") if value else ""  # noqa: E731
    fields = [
        ("NIK", nik),
        (_("Name"), lambda p: p.full_name),
        (_("Sex"), lambda p: p.get_sex_display()),
        (_("Date of birth"), lambda p: day(p.birth_date)),
        (_("Place of birth"), lambda p: p.birth_place),
        (_("Mobile number"), phone),
        (_("Email"), lambda p: p.email),
        (_("Domicile"), _place),
        (_("Highest education"), lambda p: p.get_education_display() if p.education else ""),
        (_("Last employer"), lambda p: p.last_employer),
        (_("Job title"), lambda p: p.job_title),
        (_("Layoff date"), lambda p: day(p.layoff_date)),
        (_("Layoff reason"), lambda p: p.layoff_reason),
        (_("Layoff evidence"), lambda p: _("uploaded") if p.layoff_evidence else ""),
        (_("JKP benefit recipient"), lambda p: _yes_no(p.jkp_recipient)),
        (_("Business interest"), lambda p: p.business_interest),
        (_("Existing business"), lambda p: p.existing_business),
        (_("Verification"), lambda p: p.get_verification_display()),
        (_("Account"), lambda p: _("has an account") if p.user_id else _("no account")),
    ]
    rows = []
    for label, value in fields:
        a, b = value(first) or "", value(second) or ""
        rows.append({"label": label, "first": a, "second": b, "differs": a != b})
    registered = [date_format(timezone.localtime(p.created_at), "j F Y H:i") for p in (first, second)]
    rows.append({"label": _("Registered"), "first": registered[0], "second": registered[1], "differs": False})
    return rows


def _detail_context(request: HttpRequest, candidate: DuplicateCandidate, **extra) -> dict:
    show_identifiers = sees_identifiers(request.user)
    return {
        "candidate": candidate,
        "rows": _comparison(candidate.first, candidate.second, show_identifiers),
        "reasons": reason_texts(candidate.reasons),
        "score": round(candidate.score * 100),
        "can_decide": verifies_participants(request.user)
        and candidate.status == DuplicateCandidate.Status.OPEN,
        **extra,
    }


@require_GET
def duplicate_list(request: HttpRequest) -> HttpResponse:
    if not works_with_participants(request.user):
        raise Http404
    page = page_of(duplicate_candidates_visible_to(request.user), request.GET.get("page"))
    for candidate in page:
        candidate.reason_texts = reason_texts(candidate.reasons)
        candidate.score_percent = round(candidate.score * 100)
    return render(
        request,
        "registry/duplicates/list.html",
        {
            "page": page,
            "show_identifiers": sees_identifiers(request.user),
            "waiting": waiting_for_duplicate_check(request.user),
        },
    )


@require_GET
def duplicate_detail(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = _pair_for(request, candidate_id)
    return render(request, "registry/duplicates/detail.html", _detail_context(request, candidate))


def _keep_and_drop(candidate: DuplicateCandidate, keep_id: str) -> tuple[Participant, Participant] | None:
    if keep_id == str(candidate.first_id):
        return candidate.first, candidate.second
    if keep_id == str(candidate.second_id):
        return candidate.second, candidate.first
    return None


def _display(name: str, value, show_identifiers: bool) -> str:
    if name == "phone" and not show_identifiers:
        return mask_phone(value)
    if name == "education":
        return str(Education(value).label)
    if isinstance(value, FieldFile):
        return _("uploaded file")
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, date):
        return date_format(value, "j F Y")
    return str(value)


def _plan_rows(plan: MergePlan, show_identifiers: bool) -> dict:
    return {
        "filled": [
            (FIELD_LABELS[name](), _display(name, value, show_identifiers))
            for name, value in plan.filled.items()
        ],
        "not_filled": [(FIELD_LABELS[name](), why) for name, why in plan.not_filled.items()],
        "kept": [FIELD_LABELS[name]() for name in plan.kept],
    }


def _confirm_context(request: HttpRequest, candidate: DuplicateCandidate, keep, drop, **extra) -> dict:
    plan = merge_plan(keep, drop)
    return {
        "candidate": candidate,
        "keep": keep,
        "drop": drop,
        "plan": plan,
        **_plan_rows(plan, sees_identifiers(request.user)),
        "show_identifiers": sees_identifiers(request.user),
        **extra,
    }


@require_GET
def merge_confirm(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = _pair_to_decide(request, candidate_id)
    chosen = _keep_and_drop(candidate, request.GET.get("keep", ""))
    if chosen is None:
        context = _detail_context(request, candidate, errors=[_("Choose the record to keep.")])
        return render(request, "registry/duplicates/detail.html", context, status=422)
    return render(
        request, "registry/duplicates/merge_confirm.html", _confirm_context(request, candidate, *chosen)
    )


def _messages_of(error: DomainError) -> list[str]:
    return [text for text in error.messages if text] or [_("This cannot be done.")]


@require_POST
def merge(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = _pair_to_decide(request, candidate_id)
    chosen = _keep_and_drop(candidate, request.POST.get("keep", ""))
    if chosen is None:
        context = _detail_context(request, candidate, errors=[_("Choose the record to keep.")])
        return render(request, "registry/duplicates/detail.html", context, status=422)
    keep, drop = chosen
    reason = request.POST.get("reason", "").strip()
    try:
        merge_participants(keep=keep, drop=drop, by=request.user, reason=reason)
    except DomainError as error:
        context = _confirm_context(request, candidate, keep, drop, errors=_messages_of(error), reason=reason)
        return render(request, "registry/duplicates/merge_confirm.html", context, status=422)
    messages.success(
        request,
        _("Records merged: %(drop)s is now part of %(keep)s.")
        % {"drop": drop.full_name, "keep": keep.full_name},
    )
    return redirect("registry:duplicate_list")


@require_POST
def distinct(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = _pair_to_decide(request, candidate_id)
    reason = request.POST.get("reason", "").strip()
    try:
        mark_distinct(candidate, by=request.user, reason=reason)
    except DomainError as error:
        context = _detail_context(request, candidate, errors=_messages_of(error), reason=reason)
        return render(request, "registry/duplicates/detail.html", context, status=422)
    messages.success(request, _("Marked as two different people."))
    return redirect("registry:duplicate_list")
