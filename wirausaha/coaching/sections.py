"""The business plan's sections, in the order of the ILO "Start Your Business" business plan
(ILO 2015, CC BY-SA 3.0 IGO), and the fields each one asks. Pure: no Django import.

Labels are English msgids (marked with `N_`, translated where they are shown). Numeric fields feed
the calculator (`calculator_input`): money in whole rupiah, shares between 0 and 1."""

from dataclasses import dataclass


def N_(text: str) -> str:
    return text


TEXT, MONEY, NUMBER, SHARE, RATE = "text", "money", "number", "share", "rate"
MONTHS = 12


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = TEXT
    help: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    asks: str
    fields: tuple[Field, ...]
    monthly: bool = False  # the 12-month table of units, percent sold on credit and drawings


SECTIONS: tuple[Section, ...] = (
    Section(
        "entrepreneur",
        N_("The entrepreneur"),
        N_("Who you are: education, work experience, skills, and why you start this business."),
        (
            Field("experience", N_("Work experience and skills")),
            Field("motivation", N_("Why you start this business")),
            Field("support", N_("Support from family and others")),
        ),
    ),
    Section(
        "idea",
        N_("The business idea"),
        N_("What you sell, to whom, how, and which need it meets."),
        (
            Field("what", N_("What you sell")),
            Field("who", N_("To whom")),
            Field("need", N_("Which need it meets")),
        ),
    ),
    Section(
        "market",
        N_("The market"),
        N_("Your customers, how many there are, and your competitors."),
        (Field("customers", N_("Your customers")), Field("competitors", N_("Competitors and their prices"))),
    ),
    Section(
        "marketing",
        N_("Marketing: product, price, place, promotion"),
        N_("The four parts of your marketing plan."),
        (
            Field("product", N_("Product")),
            Field("price", N_("Price")),
            Field("place", N_("Place")),
            Field("promotion", N_("Promotion")),
        ),
    ),
    Section(
        "staffing",
        N_("Organisation and staffing"),
        N_("Who does what, staff you need, and their wages."),
        (Field("people", N_("Who does what")),),
    ),
    Section(
        "legal_form",
        N_("Legal form"),
        N_("Sole proprietor, partnership, cooperative or company, and why."),
        (Field("form", N_("Legal form and why")),),
    ),
    Section(
        "legal_environment",
        N_("Legal environment and insurance"),
        N_("Licences (NIB and others), tax, labour obligations and insurance."),
        (Field("licences", N_("Licences and permits")), Field("insurance", N_("Insurance"))),
    ),
    Section(
        "startup_capital",
        N_("Start-up capital"),
        N_("Equipment, pre-opening costs and the cash you start with."),
        (
            Field("items", N_("What you buy before opening")),
            Field("start_up_costs", N_("Start-up costs (Rp)"), MONEY),
            Field("opening_cash", N_("Cash at the start (Rp)"), MONEY),
        ),
    ),
    Section(
        "costing",
        N_("Costing and pricing"),
        N_("The cost of one unit and the price you ask."),
        (
            Field("price_per_unit", N_("Price per unit (Rp)"), MONEY),
            Field("variable_cost_per_unit", N_("Variable cost per unit (Rp)"), MONEY),
            Field("fixed_costs_per_month", N_("Fixed costs per month (Rp)"), MONEY),
        ),
    ),
    Section(
        "sales_plan",
        N_("Sales and cost plan"),
        N_("Units you expect to sell each month, the share sold on credit, and what you take out."),
        (),
        monthly=True,
    ),
    Section(
        "cash_flow",
        N_("Cash-flow plan (12 months)"),
        N_("Computed from your figures: cash in, cash out and the closing balance of each month."),
        (Field("notes", N_("Notes on the cash flow")),),
    ),
    Section(
        "financing",
        N_("Financing"),
        N_("Your own money, loans (such as KUR) and grants, and their terms."),
        (
            Field("sources", N_("Sources of money")),
            Field("loan_principal", N_("Loan amount (Rp)"), MONEY),
            Field("loan_annual_rate", N_("Loan interest per year (%)"), RATE),
            Field("loan_months", N_("Loan term (months)"), NUMBER),
        ),
    ),
)
BY_KEY = {section.key: section for section in SECTIONS}
MONTH_FIELDS = ("units", "credit_share", "owner_drawings")


def section_is_filled(section: Section, saved: dict) -> bool:
    if section.monthly:
        return any((row or {}).get("units") not in (None, "") for row in saved.get("months", []))
    if not section.fields:
        return True
    return any(saved.get(field.key) not in (None, "") for field in section.fields)


def _number(value, default=0):
    return default if value in (None, "") else value


def calculator_input(content: dict) -> dict | None:
    """The calculator's input from a plan's saved sections, or None while the costing or the
    months are not filled in. A loan is included when its amount is more than zero."""
    start, costing = content.get("startup_capital", {}), content.get("costing", {})
    financing = content.get("financing", {})
    rows = [
        row for row in content.get("sales_plan", {}).get("months", []) if row.get("units") not in (None, "")
    ]
    if not rows or costing.get("price_per_unit") in (None, ""):
        return None
    data = {
        "price_per_unit": _number(costing.get("price_per_unit")),
        "variable_cost_per_unit": _number(costing.get("variable_cost_per_unit")),
        "fixed_costs_per_month": _number(costing.get("fixed_costs_per_month")),
        "opening_cash": _number(start.get("opening_cash")),
        "start_up_costs": _number(start.get("start_up_costs")),
        "months": [
            {
                "units": _number(row.get("units")),
                "credit_share": _number(row.get("credit_share")) / 100,
                "owner_drawings": _number(row.get("owner_drawings")),
            }
            for row in rows
        ],
    }
    if _number(financing.get("loan_principal")) > 0:
        data["loan"] = {
            "principal": financing["loan_principal"],
            "annual_rate": _number(financing.get("loan_annual_rate")) / 100,
            "months": _number(financing.get("loan_months"), 1),
        }
    return data
