"""Place a wave's selected participants into cohort seats, exactly.

The objective is lexicographic: first place as many people as possible, then minimise the total
cost over the people placed. A person's cost for a cohort is the great-circle km from their district
centroid to the centre, plus `sector_mismatch_km` when the course's sector does not match their
business interest. Hard limits: a seat is used once, a person gets at most one seat, and nobody is
sent further than `max_km`. The caller passes only cohorts in the wave's date window.

This is a maximum flow of minimum cost: source -> person (capacity 1) -> cohort (capacity 1, the
cost) -> sink (capacity seats), solved with OR-Tools' `solve_max_flow_with_min_cost`. People at the
same place with the same business interest cost the same for every cohort, so they are one node:
source -> group (capacity: its people) -> cohort (capacity: its people, at most the seats). A wave's
people live at district centroids, so 100,000 of them are about 14,000 groups; every optimal flow of
groups hands out to people as an optimal placement, and below "person" means such a group. OR-Tools
needs integer costs, so each cost is rounded to the metre (`SCALE`). The solution is exactly optimal
for the rounded costs. The reported totals add up the unrounded floats, so they differ from the
true float optimum by at most one metre per person placed.

The full graph has an arc for every person and every cohort within `max_km`: for a million people
that is hundreds of millions of arcs. The solver works on a part of it and then proves that the
part's optimum is the optimum of the whole. Add an arc sink -> source of cost -M, where
M = (people + 1) * (largest cost + 1). A flow is then lexicographically optimal exactly when it is a
minimum-cost circulation, which holds exactly when node potentials d exist with
cost(u, v) + d(u) - d(v) >= 0 on every arc of the residual graph. Shortest-path distances from a
virtual root are such potentials for the part's residual graph (computed here, independently of
OR-Tools; if the graph has a negative cycle, OR-Tools was wrong and RuntimeError is raised). The
arcs left out are the only other residual arcs of the full graph, all of them unused, and so is the
source -> person arc of each person left out entirely, whose potential is then d(source). So the
part's optimum is the full optimum when every left-out arc (p, c) has cost(p, c) + d(p) - d(c) >= 0.

The check is cheap. Write worth(c) = d(c) - d(source), what one more seat in cohort c is worth to
the flow, and surplus(p) = d(p) - d(source), which is never negative (a placed person's residual arc
back to the source costs 0; an unplaced person's is 0; a group partly placed has both). A left-out
arc fails only when cost(p, c) < worth(c) - surplus(p), and a cost is never below the distance.
People with a surplus up to T, the largest cost an arc can have, are looked up around each cohort
within worth(c) km: for a full cohort in a crowded region that is a few km. A person with a surplus
above T can only fail on cohorts worth more than T, and is looked up around themself within the
largest such worth near them less their surplus: about the km to their own cohort. The failing arcs
with the most negative reduced cost are added (a few per person, more for a big group, and a few per
seat) and the problem solved again (`widened`). Each round adds arcs the part did not have, so the
rounds end.

The part to start from: a quick greedy fill (cheapest pairs first) estimates worth(c). Each cohort
the greedy filled gets the people within its estimate (plus a margin), and each person the greedy
placed in a cohort with seats to spare gets their `candidate_k` cheapest cohorts. People far from
every seat they could win are never put into the graph, which is what makes a million people fast.
OR-Tools then solves each connected part of the graph on its own (they share only the source and
the sink, so together their optima are the optimum of the whole part), and only the parts that
gained arcs are solved again in the next round.

The package, one module per part of that: `records` (what goes in and out, and the input checks),
`problem` (the groups, cohorts and radius queries; the first round's arcs), `grid` and `arrays`
(the spatial buckets and array helpers they use), `flow` (OR-Tools), `proof` (the potentials and the
failing arcs), `explanations` (the result and why) and `solver` (the rounds). Pure: no Django import.

Remote options (counselor assignment): with `Params.remote_km`, a person with `remote_ok` may also
take a `remote` cohort at any distance for remote_km (the smaller cost when it is also within
max_km), and a cohort's sector may be a tuple of codes (any of them matching). Remote arcs do not
follow the distance, so the first round gives each remote_ok person the greedy left waiting their
k cheapest options, and the check looks for failing remote arcs by cost instead of by radius: for
one business interest and one remote cohort the remote cost is one number r, and the people failing
on it are those with surplus(p) < worth(c) - r, a prefix of them sorted by surplus (see `proof`).
The spatial search still finds every failing arc whose trip is its cost, so the proof holds.
"""

from .records import (
    DEFAULT_CANDIDATE_K,
    EARTH_RADIUS_KM,
    MAX_PENALTY_KM,
    SCALE,
    Alternative,
    Cohort,
    Explanation,
    Params,
    Person,
    Solution,
    describe_unplaced,
    great_circle_km,
    sector_fits,
    sectors_match,
)
from .solver import solve

__all__ = [
    "DEFAULT_CANDIDATE_K",
    "EARTH_RADIUS_KM",
    "MAX_PENALTY_KM",
    "SCALE",
    "Alternative",
    "Cohort",
    "Explanation",
    "Params",
    "Person",
    "Solution",
    "describe_unplaced",
    "great_circle_km",
    "sector_fits",
    "sectors_match",
    "solve",
]
