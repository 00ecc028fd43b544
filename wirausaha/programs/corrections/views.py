from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wirausaha.common.errors import DomainError
from wirausaha.common.forms import add_domain_error

from .. import actions
from ..models import Wave
from .forms import CorrectValueForm, RedeclareForm, ReopenForm

# step -> (form, the action, the page's title, is it allowed now)
STEPS = {
    "correct-value": (
        CorrectValueForm,
        lambda wave, by, data: actions.correct_public_value(
            wave, value=data["public_value"], reason=data["reason"], by=by
        ),
        gettext_lazy("Correct the public value"),
        actions.correction_allowed,
    ),
    "reopen": (
        ReopenForm,
        lambda wave, by, data: actions.reopen_wave(
            wave,
            by=by,
            reason=data["reason"],
            randomness_source=data["randomness_source"],
            randomness_published_after=data["randomness_published_after"],
        ),
        gettext_lazy("Re-open the wave"),
        actions.reopening_allowed,
    ),
    "redeclare": (
        RedeclareForm,
        lambda wave, by, data: actions.redeclare_randomness(
            wave,
            source=data["randomness_source"],
            published_after=data["randomness_published_after"],
            reason=data["reason"],
            by=by,
        ),
        gettext_lazy("Re-declare the source of the public value"),
        actions.redeclaring_allowed,
    ),
}
# where each step leads once done: a re-declared wave is closed next, from its page
AFTER = {"redeclare": "programs:wave_detail"}


def correction_step(request: HttpRequest, wave: Wave, step: str) -> HttpResponse:
    """Fill in the form, then confirm what will be published; only the confirmation runs the step."""
    form_class, run, title, _allowed = STEPS[step]
    form = form_class(request.POST or None)
    confirming = False
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirmed") == "yes":
            try:
                run(wave, request.user, form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Done: %(step)s.") % {"step": title})
                return redirect(AFTER.get(step, "programs:wave_lottery"), wave.code)
        else:
            confirming = True
    return render(
        request,
        "programs/wave_correction.html",
        {"wave": wave, "step": step, "title": title, "form": form, "confirming": confirming},
        status=422 if form.is_bound and form.errors else 200,
    )
