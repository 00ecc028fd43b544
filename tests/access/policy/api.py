"""The access policy of the API operations: see base.py."""

from .base import (
    ANSWER_TAKERS,
    APPLICATION_READERS,
    BUSINESS_STAFF,
    COACHES,
    COACHING_STAFF,
    COHORT_READERS,
    COUNTRY,
    DASHBOARD,
    DEAL_MOVERS,
    DEAL_READERS,
    GRANT_READERS,
    GRIEVANCE_READERS,
    MARKET_READERS,
    ONLY_PARTICIPANT,
    PARTICIPANT_READERS,
    PLACEMENT_READERS,
    PUBLIC,
    ROLES,
    TEACHERS,
    VERIFIERS,
    P,
    Policy,
    R,
)

# Business-matching events: read by market readers and participants; registrants register and ask.
EVENT_READERS = MARKET_READERS | ONLY_PARTICIPANT
REGISTRANTS = frozenset({R.MARKET_PARTNER, R.PARTICIPANT})

# API operations, as "METHOD /path" below /api/v1.
API: dict[str, Policy] = {
    "GET /health": P(PUBLIC),
    "GET /ready": P(PUBLIC, note="the tests need no worker (READY_WORKER_KINDS empty); 503 is tested apart"),
    "GET /regions": P(PUBLIC),
    "GET /regions/{code}": P(PUBLIC, fixed={"code": "32.16"}),
    "GET /sectors": P(PUBLIC),
    "GET /me": P(ROLES),
    "POST /participants": P(VERIFIERS, method="POST", ok={422}, note="no body: 422 once allowed"),
    "GET /participants": P(ROLES, note="roles without participants get an empty list"),
    "GET /participants/{participant_id}": P(PARTICIPANT_READERS, "participant"),
    "GET /participants/{participant_id}/export": P(VERIFIERS | ONLY_PARTICIPANT, "participant"),
    "GET /waves": P(ROLES),
    "GET /waves/{code}/enrolments": P(ROLES, "wave", sees_out={R.NATIONAL_ADMIN}),
    "POST /waves/{code}/enrolments": P(
        ROLES,
        "wave",
        method="POST",
        ok={400, 404},
        sees_out={R.NATIONAL_ADMIN},
        note="no body: the participant is refused by the wave's state (400), others name nobody (404)",
    ),
    "GET /waves/{code}/lottery": P(
        PUBLIC, "wave", ok={404}, sees_out=PUBLIC, note="the world's wave has no frozen draw: 404"
    ),
    "GET /waves/{code}/placements": P(PLACEMENT_READERS, "wave", sees_out=(), note="a draft wave has none"),
    "GET /cohorts/{cohort_id}/sessions": P(COHORT_READERS, "cohort"),
    "GET /sessions/{session_id}/attendance": P(COHORT_READERS, "session"),
    "POST /sessions/{session_id}/attendance": P(TEACHERS, "session", method="POST", note="no marks: 200"),
    "GET /certificates/{code}/verify": P(PUBLIC, "certificate", sees_out=PUBLIC),
    "GET /coaching/counselors": P(ROLES, note="an empty list for roles that see no counselor"),
    "GET /coaching/assignments": P(ROLES, note="an empty list outside coaching"),
    "GET /coaching/sessions": P(ROLES, note="an empty list outside coaching"),
    "GET /coaching/plans/{participant_id}": P(COACHING_STAFF | ONLY_PARTICIPANT, "coached"),
    "POST /coaching/plans/{participant_id}/sections/{key}": P(
        ONLY_PARTICIPANT, "coached", method="POST", fixed={"key": "idea"}, ok={200, 400, 422}
    ),
    "POST /coaching/plans/{participant_id}/submit": P(
        ONLY_PARTICIPANT, "coached", method="POST", ok={400, 409, 422}, note="an empty plan is refused"
    ),
    "POST /coaching/plans/{participant_id}/review": P(
        COACHES, "coached", method="POST", ok={422}, note="no decision: 422"
    ),
    "POST /plan-calculator": P(ROLES, method="POST", ok={422}, note="no body: 422"),
    "POST /grievances": P(PUBLIC, method="POST", ok={422}, note="no body: 422"),
    "GET /grievances/{tracking_code}": P(PUBLIC, "grievance_code", sees_out=PUBLIC),
    "GET /grievance-cases": P(ROLES, note="an empty list for roles that handle no complaint"),
    "GET /grievance-cases/{grievance_id}": P(GRIEVANCE_READERS, "grievance"),
    "POST /grievance-cases/{grievance_id}/steps": P(
        GRIEVANCE_READERS, "grievance", method="POST", ok={422}, note="no step: 422"
    ),
    "GET /finance/applications": P(ROLES, note="an empty list for roles that see no application"),
    "POST /finance/applications": P(ROLES, method="POST", ok={422}, note="no body: 422"),
    "GET /finance/applications/{application_id}": P(APPLICATION_READERS, "finance_application"),
    "POST /finance/applications/{application_id}/documents": P(
        COACHES | ONLY_PARTICIPANT, "finance_application", method="POST", ok={422}, note="no file: 422"
    ),
    "POST /finance/applications/{application_id}/refer": P(
        COACHES, "finance_application", method="POST", ok={422}, note="no partner: 422"
    ),
    "GET /finance/referrals": P(ROLES, note="an empty list for roles that see no referral"),
    "GET /finance/products": P(ROLES),
    "POST /finance/readiness": P(ROLES, method="POST", ok={422}, note="no body: 422"),
    "GET /finance/grants": P(ROLES, note="an empty list for roles that see no proposal"),
    "POST /finance/grants": P(VERIFIERS, method="POST", ok={422}, note="no body: 422"),
    "GET /finance/grants/{grant_id}": P(GRANT_READERS | ONLY_PARTICIPANT, "grant"),
    "POST /finance/grants/{grant_id}/decision": P(
        VERIFIERS, "grant", method="POST", ok={422}, note="no decision: 422"
    ),
    "POST /finance/grants/{grant_id}/disbursement": P(
        VERIFIERS, "grant", method="POST", ok={422}, note="no date or amount: 422"
    ),
    "GET /finance/budgets": P(ROLES, note="an empty list for roles that read no budget"),
    "POST /finance/budgets": P({R.NATIONAL_ADMIN}, method="POST", ok={422}, note="no body: 422"),
    "GET /finance/referrals/{referral_id}": P(APPLICATION_READERS, "finance_referral"),
    "POST /finance/referrals/{referral_id}/decision": P(
        {R.FINANCING_PARTNER}, "finance_referral", method="POST", ok={422}, note="no outcome: 422"
    ),
    "GET /market/listings": P(ROLES, note="an empty list for roles that see no listing"),
    "GET /market/listings/{listing_id}": P(MARKET_READERS, "listing"),
    "GET /market/listings/{listing_id}/matches": P(MARKET_READERS, "listing"),
    "GET /market/deals": P(ROLES, note="an empty list for roles that see no deal"),
    "GET /market/deals/{deal_id}": P(DEAL_READERS, "deal"),
    "POST /market/deals/{deal_id}/step": P(DEAL_MOVERS, "deal", method="POST", ok={422}, note="no body: 422"),
    "GET /market/events": P(ROLES, note="an empty list for roles that see no event"),
    "GET /market/events/{event_id}": P(EVENT_READERS, "event", sees_out=EVENT_READERS),
    "GET /market/events/{event_id}/meetings": P(
        EVENT_READERS, "event", sees_out=EVENT_READERS, note="a registrant's own meetings only"
    ),
    "POST /market/events/{event_id}/register": P(
        REGISTRANTS, "event", method="POST", ok={422}, sees_out=REGISTRANTS, note="registration closed: 422"
    ),
    "POST /market/events/{event_id}/requests": P(
        REGISTRANTS, "event", method="POST", ok={422}, sees_out=set(), note="registrants only; no body: 422"
    ),
    "POST /market/events/{event_id}/schedule": P(
        {R.NATIONAL_ADMIN}, "event", method="POST", ok={422}, note="no body: 422, nothing replaced"
    ),
    "POST /market/meetings/{meeting_id}/outcome": P(
        REGISTRANTS | {R.NATIONAL_ADMIN}, "meeting", method="POST", ok={422}, note="no body: 422"
    ),
    "GET /licensing/businesses": P(ROLES, note="an empty list for roles that see no business"),
    "GET /licensing/businesses/{business_id}": P(BUSINESS_STAFF | ONLY_PARTICIPANT, "business"),
    "GET /licensing/businesses/{business_id}/items": P(BUSINESS_STAFF | ONLY_PARTICIPANT, "business"),
    "POST /licensing/items/{item_id}": P(
        ONLY_PARTICIPANT, "checklist_item", method="POST", ok={422}, sees_out=(), note="no body: 422"
    ),
    "POST /licensing/items/{item_id}/due": P(
        {R.COUNSELOR}, "checklist_item", method="POST", ok={200, 422}, sees_out=(), note="no body: 422"
    ),
    "POST /licensing/businesses/{business_id}/nib-decision": P(
        VERIFIERS, "business", method="POST", ok={422}, note="no decision: 422"
    ),
    "GET /indicators": P(DASHBOARD),
    "GET /participants/{participant_id}/timeline": P(
        DASHBOARD | ONLY_PARTICIPANT, "participant", sees_out=COUNTRY
    ),
    "GET /follow-ups": P(ROLES, note="an empty list for roles without a dashboard"),
    "GET /follow-ups/{round_id}": P(DASHBOARD, "follow_up_round", sees_out=DASHBOARD),
    "POST /follow-ups/{round_id}/answers": P(
        ANSWER_TAKERS, "follow_up_round", method="POST", ok={422}, sees_out=ANSWER_TAKERS, note="no body: 422"
    ),
    "GET /follow-ups/{round_id}/impact": P(COUNTRY, "follow_up_round", sees_out=COUNTRY),
}
