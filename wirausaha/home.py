"""The home page: for each role, what it can do next, linking only to pages that exist."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from wirausaha.accounts.models import Role
from wirausaha.accounts.scoping import reads_audit_trail, verifies_participants, works_with_participants
from wirausaha.grievances.queries import reads_grievances
from wirausaha.market.queries import is_buyer


@dataclass(frozen=True)
class Step:
    title: Promise
    text: Promise
    url: str | None = None


ROLE_INTRO = {
    Role.NATIONAL_ADMIN: _(
        "You run the programme nationwide: participants, centres, waves and the audit trail."
    ),
    Role.MINISTRY_PARTNER: _(
        "You follow the programme for the Ministry of SMEs: licensing, financing and markets."
    ),
    Role.PROVINCIAL_OFFICER: _("You verify and follow up the participants who live in your province."),
    Role.REGENCY_OFFICER: _("You verify and follow up the participants who live in your regency or city."),
    Role.CENTRE_OPERATOR: _(
        "You run your training centre's cohorts: schedules, attendance and certificates."
    ),
    Role.TRAINER: _("You teach your cohorts and record attendance for each session."),
    Role.COUNSELOR: _("You coach the participants assigned to you, from business plan to first sales."),
    Role.FINANCING_PARTNER: _("You receive capital referrals and record your decisions and disbursements."),
    Role.MARKET_PARTNER: _("You state what you want to buy and meet matched participants' businesses."),
    Role.PARTICIPANT: _(
        "Welcome to the entrepreneurship service for laid-off workers. It is free of charge."
    ),
    Role.AUDITOR: _("You read the audit trail: who changed what, when and why."),
    Role.GRIEVANCE_OFFICER: _(
        "You handle complaints, including reports of illegal fees, away from the people they are about."
    ),
}

# What each role will do once the later stages of the journey are in place: said plainly,
# without links to pages that do not exist yet. A role whose work is all on its tiles has no line
# (the labour offices' queues and imports, the coaching of graduates are there already).
# The roles whose systems call the API (imports, referrals, buyers): the others get no link to its docs.
API_ROLES = {
    Role.NATIONAL_ADMIN,
    Role.PROVINCIAL_OFFICER,
    Role.REGENCY_OFFICER,
    Role.CENTRE_OPERATOR,
    Role.FINANCING_PARTNER,
    Role.MARKET_PARTNER,
}
ROLE_COMING = {
    Role.NATIONAL_ADMIN: _("Licensing, capital and market access will appear here as they open."),
    Role.MINISTRY_PARTNER: _("Referrals for licensing, capital and market access will appear here."),
    Role.PARTICIPANT: _("Access to capital and to buyers will open after your coaching."),
    Role.AUDITOR: _("Complaints (including reports of illegal fees) will appear here."),
}


def steps_for(user) -> list[Step]:
    steps = []
    if works_with_participants(user):
        steps.append(
            Step(
                _("Participants"),
                _("Search the registry of laid-off workers in your area."),
                reverse("registry:participant_list"),
            )
        )
    if verifies_participants(user):
        steps.append(
            Step(
                _("Verification"),
                _("Verify new registrations: flagged NIKs and probable duplicates first."),
                reverse("registry:verification"),
            )
        )
        steps.append(
            Step(
                _("Import a layoff list"),
                _("Load an Excel or CSV list of laid-off workers: check it first, then apply."),
                reverse("registry:import_start"),
            )
        )
        steps.append(
            Step(
                _("Probable duplicates"),
                _("Merge records of the same person, or mark them distinct."),
                reverse("registry:duplicate_list"),
            )
        )
    if user.role == Role.PARTICIPANT and hasattr(user, "participant"):
        steps.append(
            Step(
                _("My registration"),
                _("Its status, your data, corrections and your messages."),
                reverse("journey:status"),
            )
        )
        steps.append(
            Step(_("Waves"), _("Apply to an open wave of the programme."), reverse("programs:wave_list"))
        )
    if user.role != Role.PARTICIPANT:
        steps.append(
            Step(
                _("Waves"),
                _("Programme waves: quotas, rules, screening and the draw."),
                reverse("programs:wave_list"),
            )
        )
    steps += training_steps(user)
    steps += coaching_steps(user)
    steps += licensing_steps(user)
    steps += finance_steps(user)
    steps += market_steps(user)
    steps += monitoring_steps(user)
    if reads_grievances(user):  # a grievance officer works from a desk: none yet, no queue
        steps.append(
            Step(
                _("Complaints"),
                _("The complaints queue: acknowledge, resolve, escalate; late cases first."),
                reverse("grievances:queue"),
            )
        )
    steps.append(
        Step(
            _("Report a complaint"),
            _("An illegal fee, a missing service, unfair treatment: report it, anonymously if you wish."),
            reverse("grievances:report"),
        )
    )
    if reads_audit_trail(user):
        steps.append(
            Step(
                _("Audit trail"),
                _("Who did what, to which record, when and why."),
                reverse("accounts:audit_log"),
            )
        )
    steps.append(
        Step(
            _("Training centres"),
            _("Government and community training centres."),
            reverse("centres:centre_list"),
        )
    )
    if user.role != Role.PARTICIPANT:
        steps.append(
            Step(
                _("Regions"),
                _("Kemendagri provinces, regencies, districts and villages."),
                reverse("reference:region_list"),
            )
        )
        steps.append(
            Step(
                _("Business sectors (KBLI)"), _("Look up KBLI 2020 codes."), reverse("reference:sector_list")
            )
        )
    if user.role in API_ROLES:
        steps.append(
            Step(_("API"), _("Documentation of the API for partner systems."), reverse("api:openapi-view"))
        )
    if user.role == Role.NATIONAL_ADMIN and user.is_staff:
        steps.append(
            Step(_("Administration"), _("Accounts and organisations."), reverse("accounts:account_list"))
        )
    if user.role in (Role.NATIONAL_ADMIN, Role.AUDITOR):
        steps.append(
            Step(
                _("Message delivery"),
                _("Messages sent, waiting and failed by channel; WhatsApp templates."),
                reverse("notifications:delivery"),
            )
        )
    if user.role == Role.NATIONAL_ADMIN:
        steps.append(
            Step(
                _("Operations"),
                _("Background workers, the task queue, failed tasks and the last backup."),
                reverse("operations:dashboard"),
            )
        )
    steps.append(
        Step(
            _("My message channels"),
            _("SMS, WhatsApp or email, and the language of your messages."),
            reverse("notifications:my_channels"),
        )
    )
    steps.append(Step(_("Change password"), _("Keep your account safe."), reverse("password_change")))
    return steps


# Who sees placements (national admins act; the others read their own part), cohorts and sessions.
PLACEMENT_READERS = {
    Role.NATIONAL_ADMIN,
    Role.AUDITOR,
    Role.PROVINCIAL_OFFICER,
    Role.REGENCY_OFFICER,
    Role.CENTRE_OPERATOR,
}
COHORT_MANAGERS = {Role.NATIONAL_ADMIN, Role.CENTRE_OPERATOR}
TRAINING_READERS = {Role.NATIONAL_ADMIN, Role.AUDITOR, Role.CENTRE_OPERATOR}


def training_steps(user) -> list[Step]:
    """Placement, cohorts, sessions and certificates: from selection to graduation."""
    steps = []
    if user.role in PLACEMENT_READERS:
        steps.append(
            Step(
                _("Placement"),
                _("Selected participants placed in cohort seats near home, with the reason for each."),
                reverse("allocation:index"),
            )
        )
    if user.role in COHORT_MANAGERS:
        steps.append(
            Step(
                _("Cohorts"),
                _("Open cohorts: course, dates, seats and trainers."),
                reverse("centres:cohort_list"),
            )
        )
    if user.role in TRAINING_READERS:
        steps.append(
            Step(
                _("Training"),
                _("Sessions, attendance, assessment, completion and certificates of each cohort."),
                reverse("training:cohort_list"),
            )
        )
    if user.role in {Role.TRAINER, Role.CENTRE_OPERATOR}:
        steps.append(
            Step(
                _("Today's sessions"),
                _("Mark attendance in a few taps, or show the check-in QR code."),
                reverse("training:today"),
            )
        )
    if user.role == Role.PARTICIPANT and hasattr(user, "participant"):
        steps.append(
            Step(
                _("My schedule"),
                _("Your cohort's sessions and your attendance."),
                reverse("journey:my_schedule"),
            )
        )
        steps.append(
            Step(
                _("My certificates"),
                _("Download your certificate once you graduate."),
                reverse("journey:my_certificates"),
            )
        )
    if user.role != Role.PARTICIPANT:
        steps.append(
            Step(_("Courses"), _("The training courses and their hours."), reverse("centres:course_list"))
        )
    return steps


COACHING_STAFF = {Role.NATIONAL_ADMIN, Role.AUDITOR, Role.COUNSELOR}


def coaching_steps(user) -> list[Step]:
    """Coaching and the business plan: counselors, caseloads, sessions and plans."""
    steps = []
    if user.role in COACHING_STAFF:
        steps.append(
            Step(
                _("Caseload"),
                _("Your participants: last contact, overdue action items, business plans to review."),
                reverse("coaching:caseload"),
            )
        )
    if user.role in {Role.NATIONAL_ADMIN, Role.AUDITOR, Role.MINISTRY_PARTNER}:
        steps.append(
            Step(
                _("Counselors"),
                _("Counselor profiles and the assignment of graduates to them."),
                reverse("coaching:counselor_list"),
            )
        )
    if user.role == Role.PARTICIPANT and hasattr(user, "participant"):
        steps.append(
            Step(
                _("My coaching"),
                _("Your counselor, sessions, action items and business plan."),
                reverse("coaching:mine"),
            )
        )
    return steps


def licensing_steps(user) -> list[Step]:
    """The business, its NIB and the licensing checklist."""
    steps = []
    if user.role == Role.PARTICIPANT and hasattr(user, "participant"):
        steps.append(
            Step(
                _("My business"),
                _("Your business, its NIB and the licences it needs, step by step."),
                reverse("licensing:my_business"),
            )
        )
    if user.role in {Role.COUNSELOR, Role.NATIONAL_ADMIN, Role.AUDITOR}:
        steps.append(
            Step(
                _("Businesses"),
                _("The businesses of your participants and their licensing checklists."),
                reverse("licensing:business_list"),
            )
        )
    if user.role in {Role.PROVINCIAL_OFFICER, Role.REGENCY_OFFICER, Role.NATIONAL_ADMIN}:
        steps.append(
            Step(
                _("NIB verification"),
                _("Compare declared NIBs with their documents; second NIBs for one NIK first."),
                reverse("licensing:nib_queue"),
            )
        )
    if user.role == Role.NATIONAL_ADMIN:
        steps.append(
            Step(
                _("Licensing rules"),
                _("Which licences each business needs, with their legal basis."),
                reverse("licensing:rule_list"),
            )
        )
    return steps


def market_steps(user) -> list[Step]:
    """Buyers' listings and matches, a participant's market page, deals and the market report."""
    steps = []
    # A market partner's pages are its buyer organisation's: one without a buyer record has none.
    buyer = user.role == Role.MARKET_PARTNER and is_buyer(user)
    if buyer:
        steps.append(
            Step(
                _("Demand listings"),
                _("Post what you want to buy and see the matched businesses with the reasons."),
                reverse("market:listing_list"),
            )
        )
    if user.role == Role.PARTICIPANT and hasattr(user, "participant"):
        steps.append(
            Step(
                _("Market access"),
                _("What your business offers, buyers looking for it, and your deals."),
                reverse("market:mine"),
            )
        )
    if buyer or user.role in {Role.PARTICIPANT, Role.NATIONAL_ADMIN, Role.AUDITOR}:
        steps.append(
            Step(
                _("Business-matching events"),
                _("Temu bisnis: register, ask whom to meet, your agenda and the outcomes."),
                reverse("market:event_list"),
            )
        )
    if buyer or user.role in {Role.COUNSELOR, Role.NATIONAL_ADMIN, Role.AUDITOR}:
        steps.append(
            Step(
                _("Deals"),
                _("Deals with buyers, from introduction to delivery."),
                reverse("market:deal_list"),
            )
        )
    if user.role in {Role.NATIONAL_ADMIN, Role.AUDITOR}:
        steps.append(
            Step(
                _("Market report"),
                _("Contract value by province, sector and buyer; government buyers' UMK contracts."),
                reverse("market:report"),
            )
        )
    return steps


def finance_steps(user) -> list[Step]:
    """Applications for capital and their referral to financing partners."""
    steps = []
    if user.role == Role.PARTICIPANT and hasattr(user, "participant"):
        steps.append(
            Step(
                _("Apply for capital"),
                _("A KUR loan with your counselor: what is missing, your documents, the bank's answer."),
                reverse("finance:application_list"),
            )
        )
    if user.role in {Role.COUNSELOR, Role.NATIONAL_ADMIN, Role.AUDITOR}:
        steps.append(
            Step(
                _("Applications for capital"),
                _("Your clients' applications: what is missing, and referral to a bank when ready."),
                reverse("finance:application_list"),
            )
        )
    if user.role in {Role.FINANCING_PARTNER, Role.NATIONAL_ADMIN, Role.AUDITOR}:
        steps.append(
            Step(
                _("Referrals"),
                _("Referrals to financing partners, late ones flagged: dossier, decision, disbursement."),
                reverse("finance:referral_list"),
            )
        )
    if user.role in {Role.PROVINCIAL_OFFICER, Role.REGENCY_OFFICER, Role.NATIONAL_ADMIN, Role.AUDITOR}:
        steps.append(
            Step(
                _("Grants and equipment aid"),
                _("Propose programme money for a participant; decide other officers' proposals; budgets."),
                reverse("finance:grant_list"),
            )
        )
    return steps


def monitoring_steps(user) -> list[Step]:
    """The dashboard and follow-ups for those who follow the numbers; a participant's own timeline."""
    from wirausaha.monitoring.indicators import sees_dashboard

    if sees_dashboard(user):
        return [
            Step(
                _("Monitoring"),
                _("The funnel, map and weekly trends of your area, with exports and the follow-ups."),
                reverse("monitoring:dashboard"),
            )
        ]
    if user.role == Role.PARTICIPANT and hasattr(user, "participant"):
        return [
            Step(
                _("My journey"),
                _("Everything recorded about you, in order."),
                reverse("monitoring:my_timeline"),
            )
        ]
    return []


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "home.html",
        {"intro": ROLE_INTRO.get(user.role), "coming": ROLE_COMING.get(user.role), "steps": steps_for(user)},
    )
