"""Which licensing items a business needs, in which order: the rules (kept as data) matched
against the facts of one business. Pure: no Django, no database; `refresh_checklist` feeds it.

A rule applies when every part of it holds:
- `kbli_prefix`: the business's KBLI 2020 code starts with it (empty: every code);
- `risk_levels`: the business's risk level is one of them (empty: any level, even unknown);
- `conditions`, each optional: `home_food` and `shelf_stable` (the business's yes/no must equal
  the rule's), `scales` (the business's scale is one of them), `needs_nib` (true: the business has
  an NIB; false: it has none).
Several rules may give the same item (one per situation): the first by order wins, so each item
appears once, with the guidance of the rule that gave it.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

CONDITION_KEYS = frozenset({"home_food", "shelf_stable", "scales", "needs_nib"})
RISK_LEVELS = ("rendah", "menengah_rendah", "menengah_tinggi", "tinggi")
SCALES = ("micro", "small")


@dataclass(frozen=True)
class Facts:
    """What the rules may ask about a business."""

    kbli_code: str
    risk_level: str = ""
    scale: str = "micro"
    has_nib: bool = False
    home_food: bool = False
    shelf_stable: bool = False


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str
    order: int
    kbli_prefix: str = ""
    risk_levels: frozenset[str] = frozenset()
    conditions: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Needed:
    kind: str
    order: int
    rule: str


def condition_problems(conditions: Any) -> list[str]:
    """What is wrong with a rule's conditions (English, for the caller to word): empty when fine."""
    if not isinstance(conditions, Mapping):
        return ["conditions must be an object"]
    problems = [f"unknown condition {key!r}" for key in sorted(set(conditions) - CONDITION_KEYS)]
    for key in ("home_food", "shelf_stable", "needs_nib"):
        if key in conditions and not isinstance(conditions[key], bool):
            problems.append(f"{key} must be true or false")
    if "scales" in conditions:
        scales = conditions["scales"]
        if not isinstance(scales, list) or not scales or any(s not in SCALES for s in scales):
            problems.append("scales must list micro and/or small")
    return problems


def applies(rule: Rule, facts: Facts) -> bool:
    if rule.kbli_prefix and not facts.kbli_code.startswith(rule.kbli_prefix):
        return False
    if rule.risk_levels and facts.risk_level not in rule.risk_levels:
        return False
    conditions = rule.conditions
    if "home_food" in conditions and conditions["home_food"] != facts.home_food:
        return False
    if "shelf_stable" in conditions and conditions["shelf_stable"] != facts.shelf_stable:
        return False
    if "scales" in conditions and facts.scale not in conditions["scales"]:
        return False
    return not ("needs_nib" in conditions and conditions["needs_nib"] != facts.has_nib)


def needed_items(rules: Iterable[Rule], facts: Facts) -> list[Needed]:
    """The items the business needs, each once, in the order to get them."""
    chosen: dict[str, Needed] = {}
    for rule in sorted(rules, key=lambda r: (r.order, r.code)):
        if rule.kind not in chosen and applies(rule, facts):
            chosen[rule.kind] = Needed(kind=rule.kind, order=rule.order, rule=rule.code)
    return sorted(chosen.values(), key=lambda n: (n.order, n.kind))
