"""The small world the access matrix runs in: one user per role, and for each kind of object one
record inside the scoped personas' reach (West Java, Kabupaten Bekasi, the Bekasi centre, the
participant persona's own record) and one outside it (Bali, a draft wave, another uploader)."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from wirausaha.accounts.models import Organisation, Role, User
from wirausaha.allocation.models import AllocationRun
from wirausaha.coaching import actions as coaching
from wirausaha.market.tests.support import access_world as market_world
from wirausaha.notifications.models import WhatsAppTemplate
from wirausaha.operations.tests.support import failed_task
from wirausaha.programs.actions import transition
from wirausaha.programs.models import Enrolment, EnrolmentState, Wave
from wirausaha.registry.duplicates.actions import sync_pairs
from wirausaha.registry.imports.template import template_csv
from wirausaha.registry.models import DuplicateCandidate, ImportJob, NikChangeRequest
from wirausaha.registry.nik import build_nik
from wirausaha.testing import (
    make_centre,
    make_cohort,
    make_organisation,
    make_participant,
    make_selected_wave,
    make_user,
    place_in_cohort,
)
from wirausaha.training.certificates.actions import issue_certificate
from wirausaha.training.checkin import issue_code
from wirausaha.training.models import Session
from wirausaha.training.queries import zone_of

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, *(role.value for role in Role)]


@dataclass
class World:
    users: dict[str, User] = field(default_factory=dict)
    # kind -> {"in": url keyword value, "out": url keyword value}
    objects: dict[str, dict[str, object]] = field(default_factory=dict)
    clients: dict = field(default_factory=dict)


def _session(cohort, trainer=None) -> Session:
    # Running now, and on today's date in the centre's own zone: half an hour ago would be yesterday
    # there just after local midnight (WIB and WITA midnights are 17:00 and 16:00 UTC), and marking
    # yesterday's session is a correction that needs a reason.
    now, zone = timezone.now(), zone_of(cohort)
    local_midnight = datetime.combine(now.astimezone(zone).date(), time(0, 1), tzinfo=zone)
    starts = max(now - timedelta(minutes=30), local_midnight)
    return Session.objects.create(
        cohort=cohort,
        number=1,
        kind=Session.Kind.TECHNICAL,
        topic="Materi teknis",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        jp=4,
        trainer=trainer,
    )


def _graduate(enrolment, cohort):
    transition(enrolment, EnrolmentState.IN_TRAINING, by=None, reason="access matrix")
    transition(enrolment, EnrolmentState.GRADUATED, by=None, reason="access matrix")
    return issue_certificate(enrolment=enrolment, cohort=cohort, by=None)


def _coaching(counselor_user: User, inside, outside) -> dict[str, dict[str, object]]:
    """The counselor persona coaches the participant persona (inside); another counselor, in Bali,
    coaches a Balinese participant (outside): each with a held and a planned session, an action item
    and a letter of mentoring and training."""
    objects: dict[str, dict[str, object]] = {
        "counselor": {},
        "coached": {},
        "coaching_session": {},
        "action_item": {},
        "mentoring_letter": {},
        "change_request": {},
    }
    bali = make_user("matriks.pendamping.bali", Role.COUNSELOR)
    today = timezone.localdate()
    for side, user, district, person in (
        ("in", counselor_user, "32.16.01", inside),
        ("out", bali, "51.71.01", outside),
    ):
        data = {"organisation_kind": "community", "base_district_id": district, "in_person": True}
        counselor = coaching.save_counselor(by=None, data={**data, "capacity": 5}, user=user)
        coaching.reassign_participant(
            participant=person, counselor=counselor, by=None, reason="access matrix"
        )
        held = coaching.plan_session(
            participant=person, by=user, day=today - timedelta(days=7), start=time(9), mode="in_person"
        )
        coaching.record_session(held, by=user, status="held")
        planned = coaching.plan_session(
            participant=person, by=user, day=today + timedelta(days=7), start=time(9), mode="in_person"
        )
        item = coaching.add_action_item(
            participant=person, by=user, text="Hitung HPP", due_on=today + timedelta(days=3)
        )
        letter = coaching.issue_mentoring_letter(participant=person, by=user)
        # The participant persona asks for another counselor; outside, the Bali counselor does.
        assignment = person.coaching_assignments.get(status="active")
        asker = person.user if person.user_id else user
        change = coaching.request_counselor_change(assignment=assignment, by=asker, reason="access matrix")
        for kind, value in (
            ("counselor", counselor.pk),
            ("coached", person.pk),
            ("coaching_session", planned.pk),
            ("action_item", item.pk),
            ("mentoring_letter", letter.pk),
            ("change_request", change.pk),
        ):
            objects[kind][side] = value
    # Assignment runs are seen by national admins and auditors alike: a proposed one and a discarded one.
    proposed = coaching.propose_assignment_run(by=None)
    discarded = coaching.discard_assignment_run(coaching.propose_assignment_run(by=None), by=None)
    objects["coaching_run"] = {"in": proposed.pk, "out": discarded.pk}
    return objects


def _licensing(inside, outside) -> dict[str, dict[str, object]]:
    """Each persona's business (food made at home) with a declared NIB waiting for an officer and a
    PKP certificate recorded done: inside the participant persona's in Kabupaten Bekasi, outside a
    Balinese one. The rules are those the app ships."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wirausaha.licensing import actions as licensing
    from wirausaha.licensing.loaders import load_rules
    from wirausaha.licensing.models import LicensingRule

    load_rules()
    objects: dict[str, dict[str, object]] = {"business": {}, "checklist_item": {}}
    for side, person, village, nib in (
        ("in", inside, "32.16.01.2001", "9120000000011"),
        ("out", outside, "51.71.01.1001", "9120000000022"),
    ):
        values = {"name": f"Keripik {person.full_name}", "kbli_code": "10794", "village_code": village}
        values.update(scale="micro", workers=0, home_produced_food=True, shelf_stable_packaged=True)
        business = licensing.save_business(participant=person, by=None, values=values)
        pdf = SimpleUploadedFile("nib.pdf", b"%PDF-1.4 matriks", "application/pdf")
        licensing.declare_nib(
            business=business,
            by=None,
            nib=nib,
            issued_on=timezone.localdate(),
            risk_level="rendah",
            document=pdf,
        )
        item = business.checklist_items.get(kind="pkp")
        item.document.save("pkp.pdf", SimpleUploadedFile("pkp.pdf", b"%PDF-1.4 pkp"), save=False)
        item.status, item.number, item.done_on = "done", "PKP-1", timezone.localdate()
        item.save()
        objects["business"][side] = business.pk
        objects["checklist_item"][side] = item.pk
    rules = LicensingRule.objects.order_by("pk").values_list("pk", flat=True)
    objects["licensing_rule"] = {"in": rules[0], "out": rules[1]}
    return objects


def _grievances(officer: User, inside_centre, outside_centre) -> dict[str, dict[str, object]]:
    """The grievance officer persona's desk is West Java: a fee asked for at the Bekasi centre is
    "in", one at the Denpasar centre "out"; each with an evidence file and its tracking code."""
    from wirausaha.grievances import actions as grievances
    from wirausaha.reference.models import Region

    grievances.save_desk(officer=officer, region=Region.objects.get(pk="32"), by=None)
    objects: dict[str, dict[str, object]] = {"grievance": {}, "grievance_evidence": {}, "grievance_code": {}}
    for side, centre in (("in", inside_centre), ("out", outside_centre)):
        receipt = ContentFile(b"%PDF-1.4\n%%EOF\n", name="kuitansi.pdf")
        case, code = grievances.report_grievance(
            category="illegal_fee", description="Diminta uang pendaftaran.", centre=centre, files=[receipt]
        )
        objects["grievance"][side] = case.pk
        objects["grievance_evidence"][side] = (case.pk, case.evidence.get().pk)
        objects["grievance_code"][side] = code
    return objects


def build_world() -> World:
    world = World()
    inside_centre = make_centre("BLK Matriks Bekasi", region="32.16")
    outside_centre = make_centre("BLK Matriks Denpasar", region="51.71", lat=-8.65, lng=115.22)
    partner = make_organisation("Mitra Matriks", Organisation.Kind.FINANCING_PARTNER)
    scope = {
        Role.PROVINCIAL_OFFICER: {"region": "32"},
        Role.REGENCY_OFFICER: {"region": "32.16"},
        Role.CENTRE_OPERATOR: {"organisation": inside_centre.organisation},
        Role.TRAINER: {"organisation": inside_centre.organisation},
        Role.MINISTRY_PARTNER: {"organisation": partner},
        Role.FINANCING_PARTNER: {"organisation": partner},
        Role.MARKET_PARTNER: {"organisation": partner},
    }
    for role in Role:
        world.users[role.value] = make_user(f"matriks.{role.value}", role, **scope.get(role, {}))
    stranger = make_user("matriks.bali", Role.PROVINCIAL_OFFICER, region="51")

    # People: the participant persona's own record in Kabupaten Bekasi, others in Bekasi and Bali.
    own = make_participant("Siti Matriks", village="32.16.01.2001", user=world.users[Role.PARTICIPANT])
    neighbour = make_participant("Sri Matriks", village="32.16.01.2001")
    balinese = make_participant("Made Matriks", village="51.71.01.1001", sex="M")
    balinese_too = make_participant("Made Matriks Juga", village="51.71.01.1001", sex="M")
    world.objects["participant"] = {"in": own.pk, "out": balinese.pk}

    def nik_change(person):
        new = build_nik(district=person.nik[:6], birth_date=person.birth_date, sex=person.sex, serial=9000)
        return NikChangeRequest.objects.create(participant=person, old_nik=person.nik, new_nik=new).pk

    world.objects["nik_change"] = {"in": nik_change(own), "out": nik_change(balinese)}

    def pair(first, second):
        candidate = DuplicateCandidate.objects.create(first=first, second=second, score=0.9, reasons=[])
        sync_pairs([first.pk, second.pk])  # as the actions that queue a pair do
        return candidate.pk

    world.objects["candidate"] = {"in": pair(own, neighbour), "out": pair(balinese, balinese_too)}

    def job(by):
        upload = ContentFile(template_csv(), name="phk.csv")  # the template has an example row 2
        return ImportJob.objects.create(
            created_by=by,
            file=upload,
            original_name="phk.csv",
            status=ImportJob.Status.CHECKED,
            total_rows=1,
            processed_rows=1,
            invalid=1,
            errors=[{"row": 2, "column": "nik", "message": "NIK harus 16 digit"}],
        ).pk

    # An import job is its uploader's (and national admins'): "in" is the regency persona's.
    world.objects["import_job"] = {"in": job(world.users[Role.REGENCY_OFFICER]), "out": job(stranger)}

    # A wave drawn and placed (public facts), and a draft one only national admins see.
    wave = make_selected_wave("MATRIKS-1", participants=[own, balinese], quotas={"32": 10, "51": 10})
    draft = make_selected_wave("MATRIKS-0", quotas={"32": 10})
    Wave.objects.filter(pk=draft.pk).update(status=Wave.Status.DRAFT)
    world.objects["wave"] = {"in": wave.code, "out": draft.code}

    inside = make_cohort(inside_centre, status="running")
    outside = make_cohort(outside_centre, status="running")
    inside.trainers.add(world.users[Role.TRAINER])
    own_enrolment = Enrolment.objects.get(wave=wave, participant=own)
    bali_enrolment = Enrolment.objects.get(wave=wave, participant=balinese)
    (inside_placement,) = place_in_cohort(inside, [own_enrolment])
    (outside_placement,) = place_in_cohort(outside, [bali_enrolment])
    world.objects["placement"] = {"in": inside_placement.pk, "out": outside_placement.pk}
    # Someone still in training on each roster, for the drop-out page (cohort id, enrolment id).
    trainees = make_selected_wave(
        "MATRIKS-2", participants=[neighbour, balinese_too], quotas={"32": 5, "51": 5}
    )
    roster = {}
    for side, cohort, person in (("in", inside, neighbour), ("out", outside, balinese_too)):
        enrolment = Enrolment.objects.get(wave=trainees, participant=person)
        place_in_cohort(cohort, [enrolment])
        transition(enrolment, EnrolmentState.IN_TRAINING, by=None, reason="access matrix")
        roster[side] = (cohort.pk, enrolment.pk)
    world.objects["roster"] = roster
    # "out" is a proposed run: not yet confirmed, so centre operators do not see it.
    proposed = AllocationRun.objects.create(wave=wave, max_km=75, sector_mismatch_km=25)
    world.objects["run"] = {"in": inside_placement.run_id, "out": proposed.pk}
    world.objects["centre"] = {"in": inside_centre.pk, "out": outside_centre.pk}
    # Accounts are managed by national admins only: any account is "in" for them.
    world.objects["account"] = {
        "in": world.users[Role.REGENCY_OFFICER].pk,
        "out": world.users[Role.TRAINER].pk,
    }
    world.objects["cohort"] = {"in": inside.pk, "out": outside.pk}
    inside_session = _session(inside, world.users[Role.TRAINER])
    outside_session = _session(outside)
    world.objects["session"] = {"in": inside_session.pk, "out": outside_session.pk}
    world.objects["checkin_code"] = {
        "in": issue_code(inside_session.pk, timezone.now()),
        "out": issue_code(outside_session.pk, timezone.now()),
    }
    world.objects["certificate"] = {
        "in": _graduate(own_enrolment, inside).document.code,
        "out": _graduate(bali_enrolment, outside).document.code,
    }
    world.objects.update(_coaching(world.users[Role.COUNSELOR], own, balinese))
    world.objects.update(_grievances(world.users[Role.GRIEVANCE_OFFICER], inside_centre, outside_centre))
    # WhatsApp templates are nationwide (national admins only): two of those the migration made.
    templates = WhatsAppTemplate.objects.order_by("pk").values_list("pk", flat=True)
    world.objects["whatsapp_template"] = {"in": templates[0], "out": templates[1]}
    world.objects.update(_licensing(own, balinese))
    world.objects.update(
        market_world(partner, world.objects["business"]["in"], world.objects["business"]["out"])
    )
    world.objects.update(_finance(world.users[Role.FINANCING_PARTNER].organisation, own, balinese))
    world.objects.update(_grants(own, balinese))
    world.objects.update(_follow_ups(wave, own, balinese))
    # Failed background tasks are nationwide (national admins queue them again): two of them.
    world.objects["failed_task"] = {"in": failed_task().pk, "out": failed_task().pk}
    return world


def _follow_ups(wave, inside, outside) -> dict[str, dict[str, object]]:
    """Two follow-up rounds of the drawn wave (rounds are not scoped: both are "in" for every
    dashboard role), the first open now; its people and signed links, the Bekasi participant's
    "in", the Balinese participant's "out"."""
    from wirausaha.monitoring import links
    from wirausaha.monitoring.actions import open_round
    from wirausaha.monitoring.models import FollowUpRound

    first = open_round(wave=wave, months=3, by=None)
    second = open_round(wave=wave, months=6, by=None)
    today = timezone.localdate()
    FollowUpRound.objects.filter(pk=first.pk).update(
        opens_on=today - timedelta(days=1), closes_on=today + timedelta(days=30)
    )
    return {
        "follow_up_round": {"in": first.pk, "out": second.pk},
        "follow_up_person": {"in": (first.pk, inside.pk), "out": (first.pk, outside.pk)},
        "follow_up_link": {
            "in": (inside.pk, links.token_for(first, inside.pk)),
            "out": (outside.pk, links.token_for(first, outside.pk)),
        },
    }


def _finance(partner, inside, outside) -> dict[str, dict[str, object]]:
    """An application for KUR Super Mikro of each persona with an uploaded e-KTP, referred: inside
    the participant persona's to the financing partner persona's organisation, outside a Balinese
    participant's to another bank."""
    from wirausaha.finance.models import Application, ApplicationDocument, FinancingProduct, Referral

    product = FinancingProduct.objects.filter(code="kur_super_mikro").order_by("-in_force_from").first()
    other_bank = make_organisation("Bank Matriks Bali", Organisation.Kind.FINANCING_PARTNER)
    objects: dict[str, dict[str, object]] = {
        "finance_application": {},
        "finance_document": {},
        "finance_referral": {},
    }
    for side, person, bank in (("in", inside, partner), ("out", outside, other_bank)):
        application = Application.objects.create(
            participant=person,
            product=product,
            amount=product.min_amount,
            tenor_months=12,
            purpose="Modal kerja",
            status=Application.Status.REFERRED,
        )
        document = ApplicationDocument(
            application=application, kind="ektp", extension="png", content_type="image/png", size=16
        )
        document.file.save("ektp.png", ContentFile(b"\x89PNG\r\n\x1a\n" + b"\x00" * 8), save=True)
        referral = Referral.objects.create(application=application, partner=bank, referred_at=timezone.now())
        objects["finance_application"][side] = application.pk
        objects["finance_document"][side] = document.pk
        objects["finance_referral"][side] = referral.pk
    return objects


def _grants(inside, outside) -> dict[str, dict[str, object]]:
    """A TKM Pemula proposal, awaiting a decision, for the participant persona (West Java) and for a
    Balinese participant, each within its province's budget; proposed by an admin who is not a
    persona, so every officer persona may decide the inside one."""
    from wirausaha.finance.actions.grants import propose_grant, save_budget
    from wirausaha.finance.data import sync_products
    from wirausaha.finance.models import FinancingProduct

    sync_products(FinancingProduct)
    maker = make_user("matriks.pengusul", Role.NATIONAL_ADMIN)
    product = FinancingProduct.objects.filter(code="tkm_pemula").order_by("-in_force_from").first()
    year = timezone.localdate().year
    objects: dict[str, object] = {}
    for side, person, province in (("in", inside, "32"), ("out", outside, "51")):
        save_budget(
            product_code=product.code, province_id=province, year=year, amount=product.max_amount, by=maker
        )
        proposal = propose_grant(
            participant=person,
            product_code=product.code,
            amount=product.max_amount,
            purpose="Modal awal",
            by=maker,
        )
        objects[side] = proposal.pk
    return {"grant": objects}
