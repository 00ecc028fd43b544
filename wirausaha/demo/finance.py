"""The demo's capital: programme money (`seed_grants`) and KUR referrals (`seed_referrals`)."""

from datetime import date

from django.db import transaction

from wirausaha.accounts.models import User
from wirausaha.finance.actions.grants import decide_grant, propose_grant, save_budget
from wirausaha.finance.models import FinancingProduct, GrantProposal
from wirausaha.registry.models import Participant

ADMIN, MAKER, CHECKER, GRADUATE = "admin", "disnaker.bekasi", "disnaker.jabar", "lulusan"
# Provinces with a budget, and how many grants at the ceiling (equipment: units) each holds.
BUDGETS = {"32": 40, "31": 25, "35": 30, "51": 10}


@transaction.atomic
def seed_grants(*, today: date | None = None) -> GrantProposal | None:
    """Budgets for a few provinces (TKM Pemula and Lanjutan in rupiah, equipment aid in units), and a
    TKM Pemula grant for a participant in Kabupaten Bekasi proposed by `disnaker.bekasi` and approved
    by `disnaker.jabar`. Nothing runs when a proposal exists already."""
    today = today or date.today()
    users = {u.username: u for u in User.objects.filter(username__in=[ADMIN, MAKER, CHECKER])}
    if len(users) < 3 or GrantProposal.objects.exists():
        return None
    products = {
        p.code: p for p in FinancingProduct.objects.in_force_on(today).filter(kind__in=("grant", "equipment"))
    }
    for province, count in BUDGETS.items():
        for product in products.values():
            equipment = product.kind == FinancingProduct.Kind.EQUIPMENT
            save_budget(
                product_code=product.code,
                province_id=province,
                year=today.year,
                amount=0 if equipment else product.max_amount * count,
                units=count if equipment else 0,
                by=users[ADMIN],
            )
    pemula = products.get("tkm_pemula")
    # A participant of Kabupaten Bekasi (the demo officers' regency) who is not a demo account,
    # else one elsewhere in West Java.
    people = Participant.objects.filter(user__isnull=True).order_by("id")
    person = (
        (people.filter(regency_code="32.16").first() or people.filter(province_code="32").first())
        if pemula
        else None
    )
    if person is None:
        return None
    proposal = propose_grant(
        participant=person,
        product_code=pemula.code,
        amount=pemula.max_amount,
        purpose="Peralatan dan bahan awal usaha katering rumahan",
        by=users[MAKER],
        on=today,
    )
    return decide_grant(proposal, approve=True, by=users[CHECKER], note="Sesuai rencana usaha")


# A scan that opens as a (blank) PNG: the demo never holds a real identity document.
DEMO_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND"
    b"\xaeB`\x82"
)
COUNSELOR = "pendamping"


@transaction.atomic
def seed_referrals(*, today: date | None = None):
    """`lulusan`'s application for KUR Super Mikro (the product's ceiling, 12 months) with the
    e-KTP, KK and bank book uploaded; the business plan approved and the letter of mentoring issued
    by `pendamping`. Only the NIB is missing: once `lulusan` records it (licensing's demo step),
    `pendamping` refers the application to the demo bank, and `bank` receives, approves and
    disburses it. Nothing runs when `lulusan` has an application already."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wirausaha.coaching import actions as coaching
    from wirausaha.coaching.models import BusinessPlan, CoachingSession, MentoringLetter
    from wirausaha.finance.actions.applications import start_application, upload_document
    from wirausaha.finance.models import Application

    today = today or date.today()
    users = {u.username: u for u in User.objects.filter(username__in=[COUNSELOR, GRADUATE])}
    graduate = Participant.objects.filter(user=users.get(GRADUATE)).first() if GRADUATE in users else None
    if (
        graduate is None
        or COUNSELOR not in users
        or Application.objects.filter(participant=graduate).exists()
    ):
        return None
    product = FinancingProduct.objects.in_force_on(today).filter(code="kur_super_mikro").first()
    if product is None:
        return None
    coach = users[COUNSELOR]
    plan = BusinessPlan.objects.filter(participant=graduate).first()
    if plan is not None and plan.status == BusinessPlan.Status.SUBMITTED:
        coaching.review_plan(participant=graduate, by=coach, approve=True, comments={})
    held = CoachingSession.objects.filter(participant=graduate, status=CoachingSession.Status.HELD).exists()
    if held and not MentoringLetter.objects.filter(participant=graduate).exists():
        coaching.issue_mentoring_letter(participant=graduate, by=coach)
    application = start_application(
        participant=graduate,
        product=product,
        amount=product.max_amount,
        tenor_months=12,
        purpose="Penggorengan, spinner peniris, sealer dan bahan baku awal keripik singkong",
        by=users[GRADUATE],
    )
    for kind in ("ektp", "kk", "bank_account"):
        upload_document(
            application=application,
            kind=kind,
            upload=SimpleUploadedFile(f"{kind}.png", DEMO_PNG, content_type="image/png"),
            by=users[GRADUATE],
        )
    return application
