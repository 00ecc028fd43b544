"""The licensing rules, edited by national admins (auditors read them). Each change is audited."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wirausaha.common.errors import DomainError
from wirausaha.common.forms import add_domain_error
from wirausaha.common.pagination import page_of

from .. import actions
from ..forms import RuleForm
from ..models import Business, RiskLevel
from ..queries import get_rule_for, manages_rules, reads_rules, rules_visible_to


def describe(rule) -> dict:
    """The rule's risk levels and conditions in words, for the page."""
    conditions = rule.conditions or {}
    said = []
    for key, yes, no in (
        ("home_food", _("food made at home"), _("food not made at home")),
        ("shelf_stable", _("packaged, keeps at room temperature"), _("does not keep at room temperature")),
        ("needs_nib", _("has an NIB"), _("has no NIB yet")),
    ):
        if key in conditions:
            said.append(yes if conditions[key] else no)
    if conditions.get("scales"):
        scales = dict(Business.Scale.choices)
        said.append(", ".join(str(scales.get(s, s)) for s in conditions["scales"]))
    levels = dict(RiskLevel.choices)
    return {
        "risk_levels": ", ".join(str(levels.get(level, level)) for level in rule.risk_levels or []),
        "conditions": "; ".join(str(s) for s in said),
    }


@require_GET
def rule_list(request: HttpRequest) -> HttpResponse:
    if not reads_rules(request.user):
        raise Http404
    page = page_of(rules_visible_to(request.user).order_by("order", "code"), request.GET.get("page"))
    for rule in page:
        rule.described = describe(rule)
    return render(request, "licensing/rule_list.html", {"page": page, "edits": manages_rules(request.user)})


@require_http_methods(["GET", "POST"])
def rule_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not manages_rules(request.user):
        raise Http404
    rule = get_rule_for(request.user, pk) if pk is not None else None
    initial = RuleForm.initial_of(rule) if rule else {}
    form = RuleForm(request.POST or None, initial=initial, editing=rule is not None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_rule(
                by=request.user,
                values=form.action_values(),
                reason=form.cleaned_data.get("reason", ""),
                rule=rule,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Rule %(code)s is saved.") % {"code": saved.code})
            return redirect("licensing:rule_list")
    return render(request, "licensing/rule_form.html", {"form": form, "rule": rule})
