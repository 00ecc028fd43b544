"""The calculator's problems in the interface's language, for pages and the API. The pure modules
beside this one give codes and params; this one turns them into translated text (the command line
keeps the pure modules' Indonesian defaults)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from .reading import grouped

TEXT = {
    "invalid_json": _("The file is not valid JSON: %(detail)s."),
    "unreadable": _("The file cannot be read: %(detail)s."),
    "not_an_object": _("Must be an object (names with values)."),
    "not_a_list": _("Must be a list of months."),
    "required": _("This field is required."),
    "unknown_field": _("Unknown field; accepted: %(expected)s."),
    "not_a_number": _("Must be a number."),
    "not_whole_rupiah": _("Must be whole rupiah, without cents."),
    "not_whole_number": _("Must be a whole number."),
    "negative": _("Must not be negative."),
    "too_large": _("Too large; at most %(limit_text)s."),
    "share_out_of_range": _("Must be between 0 and 1 (for example 0.2 for 20%%)."),
    "rate_out_of_range": _("Must be between 0 and 1 a year (for example 0.06 for 6%%)."),
    "loan_months_out_of_range": _("Must be between 1 and %(limit_text)s months."),
    "no_months": _("Fill in at least one month."),
    "too_many_months": _("At most %(limit_text)s months."),
    "price_not_above_variable_cost": _(
        "The selling price must be above the variable cost per unit (Rp %(variable_cost_text)s); "
        "otherwise every sale loses money."
    ),
}


def error_text(error: dict[str, Any]) -> str:
    """The translated message of one calculator problem ({"field", "code", "params"})."""
    params = error.get("params") or {}
    shown = {
        **params,
        **{f"{key}_text": grouped(value) for key, value in params.items() if isinstance(value, int)},
    }
    return str(TEXT[error["code"]]) % shown


def translated_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The problems as [{"field", "code", "message"}] with the message translated."""
    return [{"field": e["field"], "code": e["code"], "message": error_text(e)} for e in errors]


def errors_by_field(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Translated messages grouped by field path, for showing each under its form field."""
    grouped_errors: dict[str, list[str]] = {}
    for error in errors:
        grouped_errors.setdefault(error["field"], []).append(error_text(error))
    return grouped_errors
