"""Screen a wave's applicants: eligibility rules give a verdict, priority rules give points.

Rules are data (the wave's `EligibilityRule` and `PriorityRule` rows), from a fixed set of kinds.
Every date is measured on the wave's opening day. Two calendar conventions hold throughout:

- N months before a day keeps its day of month, clamped to the month's last day
  (31 March minus 1 month is 28 February, or 29 in a leap year);
- someone born on 29 February has their birthday on 28 February in years without one.

A `Screening` is built once per wave and `screen()` is then cheap: results that depend only on a
date, a region code or a flag are computed once and shared (they are immutable), which is how
360,000 applicants are screened in a few seconds.
"""

import calendar
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from types import MappingProxyType
from typing import Any

LAID_OFF_WITHIN_MONTHS = "laid_off_within_months"
AGE_BETWEEN = "age_between"
DOMICILE_IN_WAVE_REGIONS = "domicile_in_wave_regions"
VERIFIED = "verified"
EVIDENCE_PRESENT = "evidence_present"
NOT_GRADUATED_BEFORE = "not_graduated_before"
NOT_IN_OTHER_OPEN_WAVE = "not_in_other_open_wave"
JKP_RECIPIENT = "jkp_recipient"

WOMEN = "women"
DISABILITY = "disability"
LONG_UNEMPLOYED = "long_unemployed"
NO_JKP = "no_jkp"

# The parameters each kind takes; every one is required. Kept in step with the models' Kind choices.
RULE_PARAMS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        LAID_OFF_WITHIN_MONTHS: ("months",),
        AGE_BETWEEN: ("min", "max"),
        DOMICILE_IN_WAVE_REGIONS: (),
        VERIFIED: (),
        EVIDENCE_PRESENT: (),
        NOT_GRADUATED_BEFORE: (),
        NOT_IN_OTHER_OPEN_WAVE: (),
        JKP_RECIPIENT: ("required",),
    }
)
PRIORITY_PARAMS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {WOMEN: (), DISABILITY: (), LONG_UNEMPLOYED: ("months",), NO_JKP: ()}
)

_NO_VALUES: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Applicant:
    """What screening needs to know about one enrolment; `key` identifies it (e.g. the enrolment id)."""

    key: Any
    birth_date: date
    sex: str
    domicile: str
    layoff_date: date | None
    verified: bool
    has_evidence: bool
    jkp_recipient: bool | None
    has_disability: bool
    graduated_before: bool
    in_other_open_wave: bool


@dataclass(frozen=True)
class Rule:
    kind: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PriorityRule:
    kind: str
    points: int
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleResult:
    """One rule passed or failed, with the values an interface needs to explain why. `values` is
    read-only and JSON-ready (dates as ISO strings), by kind:

    - laid_off_within_months: `months` (the rule's N), `opening_day`, `earliest` (opening day minus
      N months: the earliest layoff that passes), `layoff_date` (None when missing) and
      `actual_months`, the smallest M for which the layoff lies within M months of the opening
      (0 on the opening day itself; the rule passes exactly when it is <= `months`), None when the
      layoff date is missing or after the opening day;
    - age_between: `min`, `max` and `age`, whole years completed on the opening day;
    - domicile_in_wave_regions: `domicile` and `region`, the wave region it lies in (None if none);
    - jkp_recipient: `required` and `jkp_recipient` (True, False, or None when unknown);
    - verified, evidence_present, not_graduated_before, not_in_other_open_wave: no values.
    """

    kind: str
    passed: bool
    values: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Verdict:
    """Eligible when every rule passed; `results` follow the order of the wave's rules. `points` is
    the sum of the priority rules that apply, computed for everyone."""

    eligible: bool
    results: tuple[RuleResult, ...]
    points: int

    def as_json(self) -> list[dict[str, Any]]:
        """The results as plain lists and dicts, for `Enrolment.verdict`."""
        return [{"kind": r.kind, "passed": r.passed, "values": dict(r.values)} for r in self.results]


def validate_rules(rules: Iterable[Rule]) -> list[str]:
    """English messages for every problem in a wave's eligibility rules; empty when they are usable."""
    messages: list[str] = []
    seen: set[str] = set()
    for rule in rules:
        problems = _check_params(rule.kind, rule.params, RULE_PARAMS, seen)
        if not problems and rule.kind == JKP_RECIPIENT and not isinstance(rule.params["required"], bool):
            problems.append(f"required must be true or false, got {rule.params['required']!r}")
        if not problems and rule.kind == AGE_BETWEEN and rule.params["min"] > rule.params["max"]:
            problems.append(f"min ({rule.params['min']}) is greater than max ({rule.params['max']})")
        messages.extend(f"{rule.kind}: {problem}" for problem in problems)
    return messages


def validate_priority_rules(rules: Iterable[PriorityRule]) -> list[str]:
    """English messages for every problem in a wave's priority rules; empty when they are usable."""
    messages: list[str] = []
    seen: set[str] = set()
    for rule in rules:
        problems = _check_params(rule.kind, rule.params, PRIORITY_PARAMS, seen)
        if not _is_count(rule.points):
            problems.append(f"points must be a whole number of at least 0, got {rule.points!r}")
        messages.extend(f"{rule.kind}: {problem}" for problem in problems)
    return messages


def strata(points_values: Iterable[int]) -> dict[int, int]:
    """Map each distinct points value to its stratum: 1 for the highest points, then 2, 3, …"""
    return {points: n for n, points in enumerate(sorted(set(points_values), reverse=True), start=1)}


def months_before(day: date, months: int) -> date:
    """The same day of month `months` calendar months earlier, clamped to that month's last day."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def age_on(birth_date: date, day: date) -> int:
    """Whole years completed on `day`; a 29 February birthday falls on 28 February in common years."""
    birthday = (birth_date.month, birth_date.day)
    if birthday == (2, 29) and not calendar.isleap(day.year):
        birthday = (2, 28)
    return day.year - birth_date.year - ((day.month, day.day) < birthday)


class Screening:
    """One wave's rules, ready to screen its applicants. `wave_regions` are dotted province or regency
    codes; a domicile lies in one when it equals it or continues it with whole dotted segments
    ("32.16.01.2001" lies in "32.16", not in "32.1"). Raises ValueError for unusable rules."""

    def __init__(
        self,
        rules: Iterable[Rule],
        priority_rules: Iterable[PriorityRule],
        *,
        opening_day: date,
        wave_regions: Sequence[str],
    ) -> None:
        if isinstance(wave_regions, str):
            raise TypeError("wave_regions must be a sequence of region codes, not one string")
        rules, priority_rules = list(rules), list(priority_rules)
        problems = validate_rules(rules) + validate_priority_rules(priority_rules)
        self._regions = frozenset(code.strip() for code in wave_regions if code.strip())
        if not self._regions and any(rule.kind == DOMICILE_IN_WAVE_REGIONS for rule in rules):
            problems.append(f"{DOMICILE_IN_WAVE_REGIONS}: the wave has no regions")
        if problems:
            raise ValueError("; ".join(problems))
        self.opening_day = opening_day
        self._checks: tuple[Callable[[Applicant], RuleResult], ...] = tuple(
            self._make_check(rule) for rule in rules
        )
        self._points: tuple[Callable[[Applicant], int], ...] = tuple(
            self._make_points(rule) for rule in priority_rules if rule.points
        )

    def screen(self, applicant: Applicant) -> Verdict:
        """Every rule's result for one applicant, whether they are eligible, and their points."""
        results = tuple([check(applicant) for check in self._checks])
        eligible = True
        for result in results:
            if not result.passed:
                eligible = False
                break
        points = 0
        for rule_points in self._points:
            points += rule_points(applicant)
        return Verdict(eligible, results, points)

    def _make_check(self, rule: Rule) -> Callable[[Applicant], RuleResult]:
        kind, params = rule.kind, rule.params
        if kind == LAID_OFF_WITHIN_MONTHS:
            return _memoised("layoff_date", self._layoff_result(params["months"]))
        if kind == AGE_BETWEEN:
            return _memoised("birth_date", self._age_result(params["min"], params["max"]))
        if kind == DOMICILE_IN_WAVE_REGIONS:
            return _memoised("domicile", self._domicile_result)
        if kind == JKP_RECIPIENT:
            required = params["required"]
            by_value = {
                value: RuleResult(
                    kind, value is required, MappingProxyType({"required": required, "jkp_recipient": value})
                )
                for value in (True, False, None)
            }
            return lambda a: by_value[a.jkp_recipient]
        passed, failed = RuleResult(kind, True, _NO_VALUES), RuleResult(kind, False, _NO_VALUES)
        if kind == VERIFIED:
            return lambda a: passed if a.verified else failed
        if kind == EVIDENCE_PRESENT:
            return lambda a: passed if a.has_evidence else failed
        if kind == NOT_GRADUATED_BEFORE:
            return lambda a: failed if a.graduated_before else passed
        assert kind == NOT_IN_OTHER_OPEN_WAVE  # validate_rules has rejected every other kind
        return lambda a: failed if a.in_other_open_wave else passed

    def _layoff_result(self, months: int) -> Callable[[date | None], RuleResult]:
        opening = self.opening_day
        earliest = months_before(opening, months)
        fixed = {"months": months, "opening_day": opening.isoformat(), "earliest": earliest.isoformat()}

        def result(layoff: date | None) -> RuleResult:
            if layoff is None or layoff > opening:
                actual = None
            else:
                # Opening day minus the month difference lands in the layoff's month; when that day
                # is still after the layoff, one more month is needed to reach back to it.
                actual = (opening.year - layoff.year) * 12 + opening.month - layoff.month
                if min(opening.day, calendar.monthrange(layoff.year, layoff.month)[1]) > layoff.day:
                    actual += 1
            values = {**fixed, "layoff_date": layoff.isoformat() if layoff else None, "actual_months": actual}
            passed = layoff is not None and earliest <= layoff <= opening
            return RuleResult(LAID_OFF_WITHIN_MONTHS, passed, MappingProxyType(values))

        return result

    def _age_result(self, low: int, high: int) -> Callable[[date], RuleResult]:
        def result(birth_date: date) -> RuleResult:
            age = age_on(birth_date, self.opening_day)
            values = MappingProxyType({"min": low, "max": high, "age": age})
            return RuleResult(AGE_BETWEEN, low <= age <= high, values)

        return result

    def _domicile_result(self, domicile: str) -> RuleResult:
        domicile = domicile.strip()
        region = None
        # Whole dotted segments only: the prefixes of "32.16.01.2001" are "32", "32.16", "32.16.01", …
        end = domicile.find(".")
        while region is None:
            prefix = domicile if end < 0 else domicile[:end]
            if prefix in self._regions:
                region = prefix
            elif end < 0:
                break
            else:
                end = domicile.find(".", end + 1)
        values = MappingProxyType({"domicile": domicile, "region": region})
        return RuleResult(DOMICILE_IN_WAVE_REGIONS, region is not None, values)

    def _make_points(self, rule: PriorityRule) -> Callable[[Applicant], int]:
        points = rule.points
        if rule.kind == WOMEN:
            return lambda a: points if a.sex == "F" else 0
        if rule.kind == DISABILITY:
            return lambda a: points if a.has_disability else 0
        if rule.kind == NO_JKP:
            # Unknown (None) earns nothing: the points reward a fact, not a missing answer.
            return lambda a: points if a.jkp_recipient is False else 0
        assert rule.kind == LONG_UNEMPLOYED
        # Strictly longer than N months: laid off before the day N months before the opening.
        cutoff = months_before(self.opening_day, rule.params["months"])
        return lambda a: points if a.layoff_date is not None and a.layoff_date < cutoff else 0


def _memoised(attribute: str, compute: Callable[[Any], RuleResult]) -> Callable[[Applicant], RuleResult]:
    # Birth dates, layoff dates and villages repeat across applicants, and the results are
    # immutable, so each distinct value is worked out once per wave.
    cache: dict[Any, RuleResult] = {}
    key = attrgetter(attribute)

    def check(applicant: Applicant) -> RuleResult:
        value = key(applicant)
        result = cache.get(value)
        if result is None:
            result = cache[value] = compute(value)
        return result

    return check


def _check_params(kind: str, params: Any, known: Mapping[str, tuple[str, ...]], seen: set[str]) -> list[str]:
    if kind not in known:
        return [f"unknown kind; expected one of {', '.join(known)}"]
    if kind in seen:
        return ["given more than once"]
    seen.add(kind)
    if not isinstance(params, Mapping):
        return [f"params must be a mapping, got {type(params).__name__}"]
    problems = [f"missing parameter {name}" for name in known[kind] if name not in params]
    problems += [f"unexpected parameter {name}" for name in params if name not in known[kind]]
    for name in ("months", "min", "max"):
        if name in params and name in known[kind] and not _is_count(params[name]):
            problems.append(f"{name} must be a whole number of at least 0, got {params[name]!r}")
    return problems


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
