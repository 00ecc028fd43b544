"""Drawing the business plan's PDF into private storage (the layout is pdf.py)."""

from django.core.files.base import ContentFile
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from . import pdf
from .models import BusinessPlan
from .presentation import figures_of, month_rows, rupiah, summary, warning
from .sections import SECTIONS

LANGUAGE = "id"
ILO_CREDIT = (
    "The sections of this plan follow the business plan of the ILO's “Start Your Business” training "
    "(International Labour Organization, 2015), used under the Creative Commons licence CC BY-SA 3.0 "
    "IGO. This is an adaptation; it is not an official ILO translation and is not endorsed by the ILO."
)


def _share(value) -> str:
    # 20.0 -> "20", 12.5 -> "12,5": the decimal comma of the rest of the document.
    return f"{float(value):g}".replace(".", ",")


def _value(field, saved: dict) -> str:
    value = saved.get(field.key)
    if value in (None, ""):
        return ""
    if field.kind == "money":
        return rupiah(value)
    if field.kind == "rate":
        return f"{_share(value)}%"
    return str(value)


def plan_text(plan: BusinessPlan) -> pdf.PlanText:
    """What the plan's PDF says, in Indonesian, from the plan as saved."""
    with translation.override(LANGUAGE):
        content = plan.content
        sections = []
        for index, section in enumerate(SECTIONS, 1):
            saved = content.get(section.key, {})
            fields = [(_(f.label), _value(f, saved)) for f in section.fields]
            if section.monthly:
                rows = saved.get("months", [])
                fields = [
                    (
                        _("Month %(n)s") % {"n": n},
                        _("%(units)s units, %(credit)s%% on credit, drawings %(drawings)s")
                        % {
                            "units": row.get("units") or 0,
                            "credit": _share(row.get("credit_share") or 0),
                            "drawings": rupiah(row.get("owner_drawings") or 0),
                        },
                    )
                    for n, row in enumerate(rows, 1)
                ]
            sections.append((f"{index}. {_(section.title)}", tuple(fields)))
        figures, _problems = figures_of(content)
        day = plan.approved_at or plan.submitted_at or plan.updated_at or timezone.now()
        return pdf.PlanText(
            title=_("Business plan"),
            holder=plan.participant.full_name,
            subtitle=_("Version %(version)s · %(status)s · %(date)s")
            % {
                "version": plan.version,
                "status": plan.get_status_display(),
                "date": formats.date_format(timezone.localtime(day), "j F Y"),
            },
            sections=tuple(sections),
            figures_title=_("The plan's figures"),
            figures=tuple(summary(figures)) if figures else (),
            table_head=(_("Month"), _("Cash in"), _("Cash out"), _("Closing balance")),
            table_rows=tuple(month_rows(figures)) if figures else (),
            closings=tuple(m["closing"] for m in figures["months"]) if figures else (),
            chart_title=_("Closing balance per month"),
            warning=warning(figures) if figures else "",
            credit=_(ILO_CREDIT),
        )


def render_plan(plan: BusinessPlan) -> str:
    """Write the plan's PDF (replacing an earlier one) and mark the plan; returns the file name."""
    storage = BusinessPlan._meta.get_field("pdf").storage
    content = pdf.render_plan(plan_text(plan))
    if plan.pdf:
        storage.delete(plan.pdf.name)
    name = storage.save(f"plans/{plan.participant_id}-v{plan.version}.pdf", ContentFile(content))
    now = timezone.now()
    BusinessPlan.objects.filter(pk=plan.pk).update(pdf=name, pdf_version=plan.version, rendered_at=now)
    plan.pdf.name, plan.pdf_version, plan.rendered_at = name, plan.version, now
    return name
