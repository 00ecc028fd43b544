"""Plain words for a placement: why this cohort, what came next and why not, or why nobody could be
placed. Read by the review page, the API and the export, in the active language."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import Placement


def km(value: float | None) -> str:
    """Kilometres with one decimal, in the active language's notation (12,3 in Indonesian)."""
    return "—" if value is None else number_format(value, 1)


def km_limit(value: float) -> str:
    """A distance limit as it was set: 75, or 7,5 when it has a fraction."""
    return number_format(value, 0 if float(value).is_integer() else 1)


def cohort_label(cohort) -> str:
    return _("%(cohort)s at %(centre)s") % {"cohort": cohort.code, "centre": cohort.centre.short_name}


def district_of(participant) -> str:
    """The name of the district (kecamatan) a participant lives in."""
    domicile = participant.domicile
    if domicile.level == domicile.Level.VILLAGE and domicile.parent_id:
        return domicile.parent.name
    return domicile.name


def unplaced_text(placement: Placement) -> str:
    reason = placement.unplaced_reason
    max_km = km_limit(placement.run.max_km)
    if reason == Placement.Unplaced.NO_COHORT_WITHIN_MAX_KM:
        return _("No class within %(km)s km of the home district.") % {"km": max_km}
    if reason == Placement.Unplaced.ALL_REACHABLE_COHORTS_FULL:
        return _(
            "Every class within %(km)s km is full: its seats went to people for whom no other class "
            "was as near."
        ) % {"km": max_km}
    if reason == Placement.Unplaced.NO_LOCATION:
        return _("The home district has no coordinates, so no distance can be measured.")
    if reason == Placement.Unplaced.REMOVED:
        return _("Taken out of the class by hand: %(reason)s") % {"reason": placement.move_reason}
    return str(Placement.Unplaced(reason).label) if reason else ""


def _fit(placement: Placement) -> str:
    if placement.sector_match is None:
        return ""
    if placement.sector_match:
        return _("the course fits the business interest")
    return _("the course is in another sector than the business interest (counted as %(km)s km more)") % {
        "km": km_limit(placement.run.sector_mismatch_km)
    }


def _why_not(placement: Placement) -> str:
    why = placement.next_best_why_not
    if why == Placement.NextBest.FULL:
        return _("nearer or a better fit, but its seats went to others, which keeps the total travel lowest")
    if why == Placement.NextBest.EQUAL_COST:
        return _("just as near: a tie, broken by the solver")
    farther = (placement.next_best_km or 0) > (placement.distance_km or 0)
    other_sector = (placement.next_best_cost or 0) - (placement.next_best_km or 0) > 1e-9
    if farther and other_sector:
        return _("farther, and its course is in another sector")
    if farther:
        return _("farther")
    return _("its course is in another sector")


def explanation_text(placement: Placement) -> str:
    """One or two sentences: where and why, then the next best and why not; or the unplaced reason."""
    if placement.cohort_id is None:
        return unplaced_text(placement)
    where = cohort_label(placement.cohort)
    if placement.moved_at is not None:
        text = _("Moved by hand to %(where)s: %(reason)s") % {"where": where, "reason": placement.move_reason}
        if placement.distance_km is not None:
            text += " " + _("(%(km)s km from the home district.)") % {"km": km(placement.distance_km)}
        return text
    fit = _fit(placement)
    text = _("%(km)s km from the home district to %(where)s; %(fit)s.") % {
        "km": km(placement.distance_km),
        "where": where,
        "fit": fit,
    }
    return text + " " + next_best_text(placement)


def next_best_text(placement: Placement) -> str:
    """The class the person would have had otherwise, and why not; or that there was none."""
    if placement.next_best_cohort_id is None:
        return _("No other class within %(km)s km.") % {"km": km_limit(placement.run.max_km)}
    return _("Next best: %(where)s, %(km)s km — %(why)s.") % {
        "where": cohort_label(placement.next_best_cohort),
        "km": km(placement.next_best_km),
        "why": _why_not(placement),
    }


def review_text(placement: Placement) -> str:
    """The review page's why. Its class, km and sector columns already say where and how far, so a
    placement the solver made says only what came next; a move or an unplaced person, all of it."""
    if placement.cohort_id is None or placement.moved_at is not None:
        return explanation_text(placement)
    return next_best_text(placement)
