"""The business plan: the participant writes it section by section (one form per section, saved
on its own, no JavaScript), submits it; the counselor reviews it with a comment per section."""

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wirausaha.accounts.models import Role
from wirausaha.common.audit import record_event
from wirausaha.common.errors import DomainError, InvalidInput
from wirausaha.registry.queries import get_own_participant

from .. import actions
from ..forms import ReviewForm, SectionForm
from ..models import BusinessPlan
from ..presentation import chart, figures_of, month_rows, summary, warning
from ..queries import get_coached_participant, is_counselor, oversees_coaching, plan_of
from ..sections import BY_KEY, SECTIONS, section_is_filled
from ..tasks import render_plan_pdf


def plan_context(plan: BusinessPlan) -> dict:
    """What every page of a plan shows: the sections in order with what is saved, the figures,
    the monthly table, the chart and the warning, and the last version's comments."""
    figures, problems = figures_of(plan.content)
    last = plan.versions.order_by("-number").first()
    comments = last.comments if last else {}
    sections = [
        {
            "number": index,
            "section": section,
            "saved": plan.content.get(section.key, {}),
            "filled": section_is_filled(section, plan.content.get(section.key, {})),
            "comment": comments.get(section.key, ""),
            # Labels translated here: the template's translate tag would look the "%" in one up as "%%".
            "fields": [
                (_(f.label), plan.content.get(section.key, {}).get(f.key), f.kind) for f in section.fields
            ],
        }
        for index, section in enumerate(SECTIONS, 1)
    ]
    return {
        "plan": plan,
        "sections": sections,
        "figures": figures,
        "problems": problems,
        "summary": summary(figures) if figures else [],
        "rows": month_rows(figures) if figures else [],
        "chart": chart(figures) if figures else {},
        "warning": warning(figures) if figures else "",
        "last_version": last,
        "editable": plan.status in (BusinessPlan.Status.DRAFT, BusinessPlan.Status.RETURNED),
    }


@require_GET
def my_plan(request: HttpRequest) -> HttpResponse:
    participant = get_own_participant(request.user)
    plan = actions.plan_for(participant)
    return render(request, "coaching/my_plan.html", {"participant": participant, **plan_context(plan)})


# What was typed in a section when the login had expired, kept in the (new, anonymous) session
# until the person signs in again on the same browser; Django keeps a session's data across login.
KEPT = "coaching.kept_section"
KEPT_SECONDS = 2 * 60 * 60


def _keep_typed(request: HttpRequest, section, key: str) -> HttpResponse:
    """The login expired: keep the section's posted fields (only those, and only a while), then
    ask for the login and come back to the section, where they are put back into the form."""
    if request.method == "POST":
        names = set(SectionForm(section).fields)
        typed = {name: request.POST[name][:4000] for name in names if request.POST.get(name, "").strip()}
        if typed:
            request.session[KEPT] = {"key": key, "at": int(time.time()), "data": typed}
            messages.info(
                request, _("Your login had expired. Log in again: what you typed is kept and shown again.")
            )
    return redirect_to_login(reverse("coaching:my_plan_section", args=[key]))


def _kept_typed(request: HttpRequest, key: str) -> dict | None:
    kept = request.session.get(KEPT)
    if not kept or kept.get("key") != key:
        return None
    del request.session[KEPT]
    if time.time() - kept.get("at", 0) > KEPT_SECONDS:
        return None
    return kept.get("data") or None


@login_not_required
@require_http_methods(["GET", "POST"])
def my_plan_section(request: HttpRequest, key: str) -> HttpResponse:
    section = BY_KEY.get(key)
    if section is None:
        raise Http404
    if not request.user.is_authenticated:
        return _keep_typed(request, section, key)
    participant = get_own_participant(request.user)
    plan = actions.plan_for(participant)
    kept = _kept_typed(request, key) if request.method == "GET" else None
    form = SectionForm(
        section, request.POST or None, initial_content=plan.content.get(key, {}), initial=kept or {}
    )
    if kept:
        messages.warning(
            request, _("What you typed before the login expired is back below: check it and save.")
        )
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_plan_section(
                participant=participant, key=key, data=form.section_data(), by=request.user
            )
        except InvalidInput as error:
            form.add_action_errors(error.errors)
        except DomainError as error:
            form.add_error(None, error.text)
        else:
            messages.success(request, _("“%(section)s” is saved.") % {"section": _(section.title)})
            following = SECTIONS[SECTIONS.index(section) + 1] if section != SECTIONS[-1] else None
            if following is not None and "next" in request.POST:
                return redirect("coaching:my_plan_section", following.key)
            return redirect("coaching:my_plan")
    number = SECTIONS.index(section) + 1
    last = plan.versions.order_by("-number").first()
    return render(
        request,
        "coaching/my_plan_section.html",
        {
            "form": form,
            "section": section,
            "number": number,
            "total": len(SECTIONS),
            "plan": plan,
            "comment": (last.comments or {}).get(key, "") if last else "",
            "editable": plan.status in (BusinessPlan.Status.DRAFT, BusinessPlan.Status.RETURNED),
        },
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def my_plan_submit(request: HttpRequest) -> HttpResponse:
    participant = get_own_participant(request.user)
    try:
        plan = actions.submit_plan(participant=participant, by=request.user)
    except DomainError as error:
        messages.error(request, error.text)
    else:
        messages.success(
            request,
            _("Version %(version)s is sent to your counselor for review.") % {"version": plan.version},
        )
    return redirect("coaching:my_plan")


def _pdf(request: HttpRequest, plan: BusinessPlan | None, back: str, *args) -> HttpResponse:
    """The approved plan's PDF; 404 when there is no approved plan. While it is being drawn (or its
    file went missing and is drawn again), back to the documents page with a note."""
    if plan is None or plan.status != BusinessPlan.Status.APPROVED:
        raise Http404
    try:
        handle = plan.pdf.open("rb") if plan.pdf else None
    except FileNotFoundError:
        handle = None
    if handle is None:
        if plan.pdf:  # drawn once but the file is gone: draw it again (a first drawing is queued)
            render_plan_pdf.enqueue(plan_id=plan.pk)
        messages.info(request, _("The plan's PDF is being prepared. Try again in a few minutes."))
        return redirect(back, *args)
    record_event(request.user, "business_plan.downloaded", plan)
    name = f"rencana-usaha-v{plan.pdf_version or plan.version}.pdf"
    return FileResponse(handle, as_attachment=True, filename=name, content_type="application/pdf")


@require_GET
def my_plan_pdf(request: HttpRequest) -> HttpResponse:
    return _pdf(request, plan_of(get_own_participant(request.user)), "coaching:my_documents")


def _coached_by_staff(request: HttpRequest, pk: int):
    # The counselor's and overseers' door to a participant's plan; the participant uses "my plan".
    if not (is_counselor(request.user) or oversees_coaching(request.user)):
        raise Http404
    return get_coached_participant(request.user, pk)


@require_GET
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf(request, plan_of(_coached_by_staff(request, pk)), "coaching:case_documents", pk)


@require_http_methods(["GET", "POST"])
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The counselor's review of the submitted version: approve, or return with comments."""
    participant = _coached_by_staff(request, pk)
    plan = actions.plan_for(participant)
    may_review = plan.status == BusinessPlan.Status.SUBMITTED and (
        is_counselor(request.user) or request.user.role == Role.NATIONAL_ADMIN
    )
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if not may_review:
            raise Http404
        if form.is_valid():
            try:
                actions.review_plan(
                    participant=participant,
                    by=request.user,
                    approve=form.cleaned_data["decision"] == "approve",
                    comments=form.comments(),
                )
            except InvalidInput as error:
                form.add_error(None, " ".join(error.messages))
            except DomainError as error:
                form.add_error(None, error.text)
            else:
                messages.success(request, _("Your review is saved and the participant is told."))
                return redirect("coaching:case", participant.pk)
    return render(
        request,
        "coaching/plan_review.html",
        {"participant": participant, "form": form, "may_review": may_review, **plan_context(plan)},
        status=422 if request.method == "POST" else 200,
    )
