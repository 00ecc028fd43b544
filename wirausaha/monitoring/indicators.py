"""Every indicator defined once: a condition on a participant, read from the enrolment event log,
coaching's milestones and the follow-up answers. Counts are of PEOPLE (a person who reached a step
twice, or in two waves, counts once), within the acting user's scope and the chosen filters.

A step of the enrolment ("selected", "graduated", ...) counts the people whose enrolment ever
entered that state (an event in the log), so that the funnel does not shrink when people move on.
NIB, financing and first sale are read from coaching's milestones, which the licensing, finance
and market stages set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wirausaha.accounts.models import Role, User
from wirausaha.accounts.scoping import NATIONWIDE_ROLES, NOTHING, REGION_ROLES, participant_region_q
from wirausaha.allocation.models import AllocationRun, Placement
from wirausaha.coaching.models import Assignment, BusinessPlan, Milestone
from wirausaha.programs.models import Enrolment, EnrolmentEvent, EnrolmentState, Wave
from wirausaha.registry.models import LISTED, Participant

from .models import FollowUpAnswer

S = EnrolmentState
# Who sees the whole country's numbers: the ministry, its partner ministry, the auditors.
COUNTRY_ROLES = frozenset({*NATIONWIDE_ROLES, Role.MINISTRY_PARTNER})
DASHBOARD_ROLES = frozenset({*COUNTRY_ROLES, *REGION_ROLES, Role.CENTRE_OPERATOR})

# Reporting bands of age on the day of the count (lowest age, highest age or None).
AGE_BANDS: dict[str, tuple[int, int | None]] = {
    "18-24": (18, 24),
    "25-34": (25, 34),
    "35-44": (35, 44),
    "45-54": (45, 54),
    "55+": (55, None),
}


@dataclass(frozen=True)
class Filters:
    """What the dashboard, its exports and the API narrow the counts to (empty: no filter)."""

    wave: int | None = None
    province: str = ""
    sex: str = ""
    age_band: str = ""
    today: date = field(default_factory=date.today)


@dataclass(frozen=True)
class Indicator:
    key: str
    label: Promise
    condition: Callable[[Filters], Q]
    in_funnel: bool = False


def _enrolments(f: Filters) -> QuerySet:
    rows = Enrolment.objects.filter(participant=OuterRef("pk"))
    return rows.filter(wave_id=f.wave) if f.wave else rows


def _reached(state: str) -> Callable[[Filters], Q]:
    def condition(f: Filters) -> Q:
        events = EnrolmentEvent.objects.filter(enrolment__participant=OuterRef("pk"), to_state=state)
        if f.wave:
            events = events.filter(enrolment__wave_id=f.wave)
        return Q(Exists(events))

    return condition


def _milestone(kind: str) -> Callable[[Filters], Q]:
    return lambda f: Q(Exists(Milestone.objects.filter(participant=OuterRef("pk"), kind=kind)))


def _answers(f: Filters, **conditions) -> Q:
    answers = FollowUpAnswer.objects.filter(participant=OuterRef("pk"), **conditions)
    if f.wave:
        answers = answers.filter(round__wave_id=f.wave)
    return Q(Exists(answers))


def _operating_at(months: int) -> Callable[[Filters], Q]:
    return lambda f: _answers(f, round__months=months, operating=True)


def _applied(f: Filters) -> Q:
    return Q(Exists(_enrolments(f)))


def _counselor(f: Filters) -> Q:
    return Q(
        Exists(
            Assignment.objects.filter(
                participant=OuterRef("pk"), status__in=[Assignment.Status.ACTIVE, Assignment.Status.ENDED]
            )
        )
    )


def _plan_approved(f: Filters) -> Q:
    return Q(
        Exists(BusinessPlan.objects.filter(participant=OuterRef("pk"), status=BusinessPlan.Status.APPROVED))
    ) | _milestone(Milestone.Kind.PLAN_APPROVED)(f)


def _hired(f: Filters) -> Q:
    return _milestone(Milestone.Kind.FIRST_HIRE)(f) | _answers(f, workers_paid__gt=0)


def _revenue(f: Filters) -> Q:
    return _answers(f, operating=True, monthly_revenue__gt=0)


INDICATORS: tuple[Indicator, ...] = (
    Indicator("registered", _("Registered"), lambda f: Q(), in_funnel=True),
    Indicator("verified", _("Verified"), lambda f: Q(verification="verified"), in_funnel=True),
    Indicator("applied", _("Applied to a wave"), _applied, in_funnel=True),
    Indicator("eligible", _("Eligible"), _reached(S.ELIGIBLE), in_funnel=True),
    Indicator("selected", _("Selected"), _reached(S.SELECTED), in_funnel=True),
    Indicator("waitlisted", _("Waitlisted"), _reached(S.WAITLISTED)),
    Indicator("placed", _("Placed in a class"), _reached(S.PLACED), in_funnel=True),
    Indicator("in_training", _("Started training"), _reached(S.IN_TRAINING), in_funnel=True),
    Indicator("graduated", _("Graduated"), _reached(S.GRADUATED), in_funnel=True),
    Indicator("counselor_assigned", _("Counselor assigned"), _counselor, in_funnel=True),
    Indicator("plan_approved", _("Business plan approved"), _plan_approved, in_funnel=True),
    Indicator("nib", _("NIB obtained"), _milestone(Milestone.Kind.NIB), in_funnel=True),
    Indicator("financing", _("Financing received"), _milestone(Milestone.Kind.FIRST_FINANCING)),
    Indicator("first_sale", _("First sale"), _milestone(Milestone.Kind.FIRST_SALE)),
    Indicator("operating_3", _("Operating at 3 months"), _operating_at(3), in_funnel=True),
    Indicator("operating_6", _("Operating at 6 months"), _operating_at(6)),
    Indicator("operating_12", _("Operating at 12 months"), _operating_at(12)),
    Indicator("workers_hired", _("Hired workers"), _hired),
    Indicator("monthly_revenue", _("Reporting monthly revenue"), _revenue),
)
BY_KEY = {indicator.key: indicator for indicator in INDICATORS}
FUNNEL = tuple(i for i in INDICATORS if i.in_funnel)


# Scope ----------------------------------------------------------------------------------------


def sees_dashboard(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role in DASHBOARD_ROLES)


def scope_q(user: User) -> Q:
    """Participants whose numbers the user may see: the country (ministry, its partner, auditors),
    a labour office's region, a centre's trainees (seated in its classes); nothing otherwise."""
    if not sees_dashboard(user):
        return NOTHING
    if user.role in COUNTRY_ROLES:
        return Q()
    if user.role in REGION_ROLES:
        return participant_region_q(user.scope_region_id) if user.scope_region_id else NOTHING
    if user.role == Role.CENTRE_OPERATOR and user.organisation_id:
        seated = Placement.objects.filter(
            run__status=AllocationRun.Status.CONFIRMED,
            cohort__centre__organisation_id=user.organisation_id,
        ).values("enrolment__participant_id")
        return Q(pk__in=seated)
    return NOTHING


def _birth_range(band: str, today: date) -> Q:
    low, high = AGE_BANDS[band]
    q = Q(birth_date__lte=_years_before(today, low))
    if high is not None:
        q &= Q(birth_date__gt=_years_before(today, high + 1))
    return q


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def people(user: User, f: Filters) -> QuerySet[Participant]:
    """The people counted: in scope, not merged away, narrowed by the filters. With a wave, only
    the people who applied to it."""
    rows = Participant.objects.filter(LISTED).filter(scope_q(user))
    if f.wave:
        rows = rows.filter(Exists(_enrolments(f)))
    if f.province:
        rows = rows.filter(province_code=f.province)
    if f.sex:
        rows = rows.filter(sex=f.sex)
    if f.age_band in AGE_BANDS:
        rows = rows.filter(_birth_range(f.age_band, f.today))
    return rows


def _counts(f: Filters, indicators) -> dict:
    return {i.key: Count("pk", filter=i.condition(f), distinct=True) for i in indicators}


def totals(user: User, f: Filters, indicators=INDICATORS) -> dict[str, int]:
    """Each indicator's count of people, in one query."""
    return people(user, f).aggregate(**_counts(f, indicators))


# Disaggregations: what each groups people by (a column of the participant, or one reached by a
# join that can give a person several values: those are counted distinct per value).
DIMENSIONS: dict[str, Promise] = {
    "province": _("Province"),
    "regency": _("Regency"),
    "centre": _("Training centre"),
    "wave": _("Wave"),
    "sex": _("Sex"),
    "age_band": _("Age band"),
    "disability": _("Disability"),
    "sector": _("Sector of the job lost (KBLI section)"),
}


def age_band_case(today: date) -> Case:
    return Case(
        *[When(_birth_range(band, today), then=Value(band)) for band in AGE_BANDS],
        default=Value("-"),
        output_field=CharField(),
    )


def _group_column(dimension: str, f: Filters) -> tuple[str, dict]:
    """The value to group by and the annotations it needs."""
    if dimension == "age_band":
        return "group", {"group": age_band_case(f.today)}
    column = {
        "province": "province_code",
        "regency": "regency_code",
        "sex": "sex",
        "disability": "disability",
        "sector": "employer_sector__kategori",
        "centre": "enrolments__placements__cohort__centre__short_name",
    }[dimension]
    return column, {}


def breakdown(user: User, f: Filters, dimension: str, indicators=INDICATORS) -> list[dict]:
    """One row per value of `dimension`: {"group": value, <indicator key>: count, ...}, sorted by
    value. People with no value (no wave, no class) are grouped under "-"."""
    if dimension == "wave":
        # A step of the enrolment is counted in the wave where it happened: one count per wave.
        waves = (
            Wave.objects.filter(
                pk__in=Enrolment.objects.filter(participant__in=people(user, f)).values("wave_id")
            )
            .order_by("code")
            .values_list("pk", "code")
        )
        return [
            {"group": code, **totals(user, replace(f, wave=pk), indicators)}
            for pk, code in waves
            if not f.wave or pk == f.wave
        ]
    column, annotations = _group_column(dimension, f)
    rows = people(user, f).annotate(**annotations)
    if dimension == "centre":
        rows = rows.filter(
            Q(enrolments__placements__isnull=True)
            | Q(
                enrolments__placements__run__status=AllocationRun.Status.CONFIRMED,
                enrolments__placements__cohort__isnull=False,
            )
        )
    result = rows.order_by().values(column).annotate(**_counts(f, indicators))
    out = []
    for row in result:
        value = row.pop(column)
        out.append({"group": value if value not in (None, "") else "-", **row})
    return sorted(out, key=lambda r: str(r["group"]))


def conversions(counts: dict[str, int]) -> list[dict]:
    """The funnel's steps with the share of the previous step that reached each (None for the
    first step or after a step of nobody)."""
    steps = []
    previous = None
    for indicator in FUNNEL:
        n = counts.get(indicator.key, 0)
        share = None if not previous else round(100 * n / previous, 1)
        steps.append({"key": indicator.key, "label": indicator.label, "count": n, "conversion": share})
        previous = n
    return steps
