"""Plain words for screening results, as the participant and the officer read them."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import eligibility as e


def describe_rule(kind: str, params, label: str) -> str:
    """A wave's condition in words, with its parameters; `label` (the kind's name) when the
    parameters are not usable yet (a draft being written)."""
    try:
        if kind == e.LAID_OFF_WITHIN_MONTHS:
            return _("Laid off within %(months)s months before the wave opens") % {"months": params["months"]}
        if kind == e.AGE_BETWEEN:
            return _("Aged %(min)s to %(max)s on the opening day") % {
                "min": params["min"],
                "max": params["max"],
            }
        if kind == e.JKP_RECIPIENT:
            return (
                _("Receives the JKP benefit")
                if params["required"] is True
                else _("Does not receive the JKP benefit")
            )
        if kind == e.LONG_UNEMPLOYED:
            return _("Unemployed longer than %(months)s months") % {"months": params["months"]}
    except (KeyError, TypeError):
        pass
    return str(label)


# Rules whose result is only passed or failed: the sentence for each case.
YES_NO = {
    e.DOMICILE_IN_WAVE_REGIONS: (
        gettext_lazy("You live in one of the wave's regions."),
        gettext_lazy("You do not live in one of the regions of this wave."),
    ),
    e.VERIFIED: (
        gettext_lazy("The labour office has verified your data."),
        gettext_lazy("The labour office has not verified your data yet."),
    ),
    e.EVIDENCE_PRESENT: (
        gettext_lazy("Your layoff letter is uploaded."),
        gettext_lazy("Upload your layoff letter (surat PHK)."),
    ),
    e.NOT_GRADUATED_BEFORE: (
        gettext_lazy("You have not graduated from an earlier wave."),
        gettext_lazy("You graduated from an earlier wave already."),
    ),
    e.NOT_IN_OTHER_OPEN_WAVE: (
        gettext_lazy("You are not in another open wave."),
        gettext_lazy("You are enrolled in another open wave."),
    ),
}


def explain(result: e.RuleResult) -> str:
    v = result.values
    if result.kind == e.LAID_OFF_WITHIN_MONTHS:
        if v.get("layoff_date") is None:
            return _("Your layoff date is not recorded.")
        if result.passed:
            return _("You were laid off within %(months)s months before the wave opened.") % v
        return _("This wave is for layoffs from %(earliest)s on (%(months)s months before it opened).") % v
    if result.kind == e.AGE_BETWEEN:
        if result.passed:
            return _("Your age (%(age)s) is between %(min)s and %(max)s.") % v
        return _("The wave is for ages %(min)s to %(max)s; on the opening day you were %(age)s.") % v
    if result.kind in YES_NO:
        passed, failed = YES_NO[result.kind]
        return str(passed if result.passed else failed)
    if result.kind == e.JKP_RECIPIENT:
        if v.get("jkp_recipient") is None:
            return _("It is not recorded whether you receive the JKP benefit.")
        wanted = (
            _("for JKP benefit recipients") if v.get("required") else _("for people without the JKP benefit")
        )
        return (
            _("The wave is %(who)s, and you qualify.") if result.passed else _("The wave is %(who)s.")
        ) % {"who": wanted}
    return result.kind
