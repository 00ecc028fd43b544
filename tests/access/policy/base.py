"""The declared access policy of every page and API operation (pages.py, api.py; this module holds
what they share): who may use it, and on which kind
of object. `test_access_matrix.py` lists the routes from the URLconf and the ninja API and fails on
any route missing here, so a new route needs a line before CI passes.

`roles` may use the route at all; the others are refused (anonymous: a redirect to the login
page, or 401 from the API; signed in: 403, or 404 where the app hides what it refuses, its house
rule). For a route that takes an object, `sees_in` are the roles for whom the world's "in" record
(inside the scoped personas' reach) is visible, `sees_out` those for whom the "out" record is;
every other allowed role must get 404, the same answer as for a missing record.
"""

from dataclasses import dataclass, field

from wirausaha.accounts.models import Role

from ..world import ANONYMOUS

R = Role
ROLES = frozenset(role.value for role in Role)
PUBLIC = ROLES | {ANONYMOUS}
NATIONWIDE = frozenset({R.NATIONAL_ADMIN, R.AUDITOR})
OFFICERS = frozenset({R.PROVINCIAL_OFFICER, R.REGENCY_OFFICER})
VERIFIERS = OFFICERS | {R.NATIONAL_ADMIN}
PARTICIPANT_READERS = NATIONWIDE | OFFICERS | {R.PARTICIPANT}
PLACEMENT_READERS = NATIONWIDE | OFFICERS | {R.CENTRE_OPERATOR}
COHORT_READERS = NATIONWIDE | {R.CENTRE_OPERATOR, R.TRAINER, R.PARTICIPANT}
CENTRE_STAFF = frozenset({R.NATIONAL_ADMIN, R.CENTRE_OPERATOR})
TEACHERS = CENTRE_STAFF | {R.TRAINER}
ONLY_PARTICIPANT = frozenset({R.PARTICIPANT})
COACHING_STAFF = NATIONWIDE | {R.COUNSELOR}
COACHES = frozenset({R.NATIONAL_ADMIN, R.COUNSELOR})
COUNSELOR_MANAGERS = frozenset({R.NATIONAL_ADMIN, R.MINISTRY_PARTNER})
BUSINESS_STAFF = NATIONWIDE | OFFICERS | {R.COUNSELOR}
GRIEVANCE_READERS = frozenset({R.NATIONAL_ADMIN, R.GRIEVANCE_OFFICER})
COUNTRY = NATIONWIDE | {R.MINISTRY_PARTNER}
DASHBOARD = COUNTRY | OFFICERS | {R.CENTRE_OPERATOR}
ANSWER_TAKERS = DASHBOARD - {R.AUDITOR}
# Applications for capital: the participant, their counselor, the partner it was referred to, and
# national admins and auditors. The partner portal: financing partners and the nationwide roles.
APPLICATION_READERS = NATIONWIDE | {R.COUNSELOR, R.PARTICIPANT, R.FINANCING_PARTNER}
PORTAL = NATIONWIDE | {R.FINANCING_PARTNER}
GRANT_READERS = VERIFIERS | {R.AUDITOR}
MARKET_READERS = NATIONWIDE | {R.MARKET_PARTNER}
DEAL_READERS = MARKET_READERS | {R.PARTICIPANT, R.COUNSELOR}
# A buyer sees its own listings and deals; a deal also its participant and their counselor.
DEAL_MOVERS = frozenset({R.MARKET_PARTNER, R.PARTICIPANT, R.NATIONAL_ADMIN})
NO_RECORD = {"pk": 999999}


@dataclass(frozen=True)
class Policy:
    roles: frozenset
    obj: str | None = None  # the kind of object the route's id names (tests/access/world.py)
    method: str = "GET"  # POST for POST-only routes: requested with no data
    ok: frozenset = frozenset({200})  # the allowed role's success
    sees_in: frozenset | None = None  # default: every allowed role
    sees_out: frozenset | None = None  # default: the allowed nationwide roles
    fixed: dict = field(default_factory=dict)  # path arguments that are not objects
    note: str = ""

    def visible(self, role: str, side: str) -> bool:
        if side == "in":
            return role in (self.roles if self.sees_in is None else self.sees_in)
        return role in (self.roles & NATIONWIDE if self.sees_out is None else self.sees_out)


def P(roles, obj=None, **kwargs) -> Policy:
    return Policy(
        frozenset(roles),
        obj,
        **{k: frozenset(v) if k in {"ok", "sees_in", "sees_out"} else v for k, v in kwargs.items()},
    )


REDIRECT = {200, 302}
