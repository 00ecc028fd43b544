"""Defining a wave on a page instead of Django admin: its window, seats per region, eligibility
and priority rules and the declared source of the lottery's randomness, checked together and
written at once (a draft; opening it is the wave's own step)."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput
from wirausaha.reference.models import Region

from ..actions.waves import WIB
from ..models import EligibilityRule, PriorityRule, Programme, Quota, Wave

CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,29}$")
QUOTA_LINE = re.compile(r"^\s*(\d{2}(?:\.\d{2})?)\s*[=:]\s*(\d{1,6})\s*$")


@dataclass
class WavePlan:
    programme: Programme
    code: str
    name: str
    opens_on: date
    closes_on: date
    selection_date: date
    training_starts_on: date | None
    training_ends_on: date | None
    quotas_text: str
    randomness_source: str
    eligibility: dict[str, dict] = field(default_factory=dict)
    priorities: dict[str, tuple[int, dict]] = field(default_factory=dict)


def parse_quotas(text: str) -> tuple[dict[str, int], list[str]]:
    """`32=100` or `32.16: 40`, one region per line: seats per province or regency code."""
    seats: dict[str, int] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = QUOTA_LINE.match(line)
        if match is None:
            problems.append(
                _("Line %(n)s: write a region code, “=” and the seats, e.g. 32.16=40.") % {"n": number}
            )
            continue
        code, count = match.group(1), int(match.group(2))
        if code in seats:
            problems.append(_("Line %(n)s: region %(code)s is listed twice.") % {"n": number, "code": code})
        elif count == 0:
            problems.append(_("Line %(n)s: a quota needs at least one seat.") % {"n": number})
        else:
            seats[code] = count
    known = set(Region.objects.filter(code__in=seats).values_list("code", flat=True))
    for code in sorted(set(seats) - known):
        problems.append(_("Region %(code)s does not exist.") % {"code": code})
    provinces = {code for code in seats if len(code) == 2}
    for code in sorted(seats):
        if len(code) > 2 and code[:2] in provinces:
            problems.append(
                _("Region %(code)s lies in province %(province)s, which has a quota of its own.")
                % {"code": code, "province": code[:2]}
            )
    if not seats and not problems:
        problems.append(_("Give at least one region its seats."))
    return seats, problems


def _date_problems(plan: WavePlan) -> dict[str, str]:
    errors = {}
    if plan.closes_on < plan.opens_on:
        errors["closes_on"] = _("Registration cannot close before it opens.")
    if plan.selection_date <= plan.closes_on:
        errors["selection_date"] = _("The selection comes after registration closes.")
    if plan.training_starts_on and plan.training_starts_on <= plan.selection_date:
        errors["training_starts_on"] = _("Training starts after the selection.")
    if plan.training_ends_on and (
        not plan.training_starts_on or plan.training_ends_on <= plan.training_starts_on
    ):
        errors["training_ends_on"] = _("Training ends after it starts.")
    return errors


@transaction.atomic
def define_wave(plan: WavePlan, *, by: User) -> Wave:
    """A draft wave with its quotas and rules. Everything wrong is said at once, per field; nothing
    is written unless all of it is right."""
    errors = _date_problems(plan)
    code = plan.code.strip().upper()
    if not CODE.match(code):
        errors["code"] = _("3 to 30 capital letters, digits and hyphens, e.g. LK-PHK-2027-1.")
    elif Wave.objects.filter(code=code).exists():
        errors["code"] = _("A wave with this code exists already.")
    if not " ".join(plan.name.split()):
        errors["name"] = _("Enter the wave's name.")
    if not " ".join(plan.randomness_source.split()):
        errors["randomness_source"] = _("Declare the source of the lottery's public value.")
    seats, problems = parse_quotas(plan.quotas_text)
    if problems:
        errors["quotas"] = " ".join(problems)
    age = plan.eligibility.get(EligibilityRule.Kind.AGE_BETWEEN)
    if age and not 15 <= age["min"] < age["max"] <= 80:
        errors["age_max"] = _("The ages run from at least 15 to at most 80, the first below the second.")
    if errors:
        raise InvalidInput(errors)
    published_after = datetime.combine(plan.closes_on + timedelta(days=1), time(0), tzinfo=WIB)
    try:
        with transaction.atomic():
            wave = Wave.objects.create(
                programme=plan.programme,
                code=code,
                name=" ".join(plan.name.split()),
                opens_on=plan.opens_on,
                closes_on=plan.closes_on,
                selection_date=plan.selection_date,
                training_starts_on=plan.training_starts_on,
                training_ends_on=plan.training_ends_on,
                target=sum(seats.values()),
                status=Wave.Status.DRAFT,
                randomness_source=" ".join(plan.randomness_source.split()),
                randomness_published_after=published_after,
            )
    except IntegrityError as error:  # the same code saved a moment ago by someone else
        raise InvalidInput({"code": _("A wave with this code exists already.")}) from error
    Quota.objects.bulk_create(
        [Quota(wave=wave, region_id=code, seats=n) for code, n in sorted(seats.items())]
    )
    EligibilityRule.objects.bulk_create(
        [EligibilityRule(wave=wave, kind=kind, params=params) for kind, params in plan.eligibility.items()]
    )
    PriorityRule.objects.bulk_create(
        [
            PriorityRule(wave=wave, kind=kind, points=points, params=params)
            for kind, (points, params) in plan.priorities.items()
        ]
    )
    record_event(
        by,
        "wave.defined",
        wave,
        changes={"target": [None, wave.target], "quotas": [None, len(seats)], "status": [None, wave.status]},
    )
    return wave
