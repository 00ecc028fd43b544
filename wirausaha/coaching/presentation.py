"""The plan's figures as people read them, on pages and in the PDF: rupiah with dots, the monthly
table, the plain-language warning when the balance goes below zero, and the chart of the closing
balance drawn by the server as SVG (readable without JavaScript)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .calculator import PlanInputError, compute
from .calculator.messages import translated_errors
from .sections import calculator_input

CHART_WIDTH, CHART_HEIGHT, PAD = 340, 180, 28


def rupiah(value) -> str:
    if value is None:
        return "—"
    sign = "−" if value < 0 else ""
    return f"{sign}Rp {abs(int(value)):,}".replace(",", ".")


def summary(figures: dict) -> list[tuple[str, str]]:
    payback = figures.get("payback_month")
    return [
        (_("Gross margin"), f"{figures['gross_margin_pct']}%".replace(".", ",")),
        (
            _("Break-even sales per month"),
            _("%(units)s units (%(revenue)s)")
            % {
                "units": f"{figures['break_even_units_per_month']:,}".replace(",", "."),
                "revenue": rupiah(figures["break_even_revenue_per_month"]),
            },
        ),
        (_("Loan instalment per month"), rupiah(figures["instalment"])),
        (_("Total interest"), rupiah(figures["total_interest"])),
        (_("Lowest balance"), rupiah(figures["lowest_balance"])),
        (_("Extra money needed (funding gap)"), rupiah(figures["funding_gap"])),
        (
            _("Start-up costs earned back"),
            _("in month %(month)s") % {"month": payback} if payback else _("not within the plan"),
        ),
        (_("Sales on credit still to collect at the end"), rupiah(figures.get("receivable_at_end", 0))),
    ]


def month_rows(figures: dict) -> list[tuple[str, str, str, str]]:
    return [
        (str(m["month"]), rupiah(m["cash_in"]), rupiah(m["cash_out"]), rupiah(m["closing"]))
        for m in figures["months"]
    ]


def warning(figures: dict) -> str:
    """Empty when the balance never goes below zero."""
    short = [m["month"] for m in figures["months"] if m["closing"] < 0]
    if not short:
        return ""
    months = ", ".join(str(m) for m in short)
    return ngettext(
        "Warning: your cash runs out in month %(months)s. You need %(gap)s more at the start (own money, "
        "a loan or a grant), or lower costs, before you begin.",
        "Warning: your cash runs out in months %(months)s. You need %(gap)s more at the start (own money, "
        "a loan or a grant), or lower costs, before you begin.",
        len(short),
    ) % {"months": months, "gap": rupiah(figures["funding_gap"])}


def chart(figures: dict) -> dict:
    """Bars of the closing balance per month for an inline SVG: each bar's box, its colour class,
    and a text alternative listing every value."""
    closings = [m["closing"] for m in figures["months"]]
    if not closings:
        return {}
    top, bottom = max(max(closings), 0), min(min(closings), 0)
    span = (top - bottom) or 1
    inner = CHART_HEIGHT - 2 * PAD
    zero = PAD + inner * top / span
    slot = (CHART_WIDTH - PAD) / len(closings)
    bars = []
    for index, value in enumerate(closings):
        height = max(inner * abs(value) / span, 1)
        bars.append(
            {
                "x": round(PAD + index * slot + slot * 0.15, 1),
                "y": round(zero if value < 0 else zero - height, 1),
                "width": round(slot * 0.7, 1),
                "height": round(height, 1),
                "negative": value < 0,
                "label_x": round(PAD + index * slot + slot / 2, 1),
                "month": index + 1,
                "value": rupiah(value),
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "zero": round(zero, 1),
        "bars": bars,
        "label_y": CHART_HEIGHT - 8,
        "top": rupiah(top),
        "bottom": rupiah(bottom),
        "description": "; ".join(f"{_('month')} {b['month']}: {b['value']}" for b in bars),
    }


def figures_of(content: dict) -> tuple[dict | None, list[dict]]:
    """The calculator's figures for a plan's content and the translated problems (or none)."""
    data = calculator_input(content)
    if data is None:
        return None, []
    try:
        return compute(data), []
    except PlanInputError as error:
        return None, translated_errors(error.errors)
