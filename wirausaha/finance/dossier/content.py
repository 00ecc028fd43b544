"""What the dossier says, in Indonesian, from the records as they are when it is drawn."""

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from wirausaha.coaching.models import BusinessPlan, MentoringLetter
from wirausaha.coaching.presentation import figures_of, rupiah, summary
from wirausaha.documents.queries import verify_url
from wirausaha.licensing.models import ItemKind
from wirausaha.licensing.queries import business_of, certificates_of
from wirausaha.reference.models import Sector
from wirausaha.reference.queries import place_name
from wirausaha.training.models import Certificate

from ..facts import readiness_for
from ..models import ApplicationDocument, Referral
from ..queries.applications import missing_texts
from .pdf import DossierText
from .verifiable import check_fields

LANGUAGE = "id"


def _day(value) -> str:
    return formats.date_format(value, "j F Y") if value else "—"


def sector(code: str) -> str:
    title = Sector.objects.filter(code=code).values_list("title", flat=True).first()
    return f"{code} — {title}" if title else code


def file_name(document: ApplicationDocument) -> str:
    """The document's name inside the ZIP: its kind, never the uploaded name."""
    return f"{document.kind}.{document.extension}"


def dossier_text(referral: Referral, documents: list[ApplicationDocument]) -> DossierText:
    with translation.override(LANGUAGE):
        application = referral.application
        participant = application.participant
        product = application.product
        zone_now = timezone.localtime(referral.referred_at)
        applicant = (
            (_("Name"), participant.full_name),
            (_("NIK"), participant.nik),
            (_("Date of birth"), _day(participant.birth_date)),
            (_("Mobile number"), participant.phone or "—"),
            (_("Address"), place_name(participant.domicile_id or "")),
        )
        verdict = readiness_for(application, timezone.localdate())
        request = (
            (_("Product"), f"{product.name} ({product.legal_basis})"),
            (_("Amount"), rupiah(application.amount)),
            (_("Tenor"), _("%(months)s months") % {"months": application.tenor_months}),
            (_("Purpose"), application.purpose),
            (_("Financing partner"), referral.partner.name),
            (_("Referred on"), _day(zone_now.date())),
            (_("Counselor's note"), referral.note or "—"),
            (
                _("Readiness"),
                _("Complete") if verdict.ready else " ".join(missing_texts(verdict.missing)),
            ),
        )
        business = business_of(participant)
        if business is None:
            business_rows: tuple = ((_("Business"), _("No business recorded yet.")),)
        else:
            held = [str(ItemKind(kind).label) for kind, _until in certificates_of(business)]
            business_rows = (
                (_("Business name"), business.name),
                (_("Sector (KBLI 2020)"), sector(business.kbli_code)),
                (_("Products"), business.products or "—"),
                (
                    _("Address"),
                    ", ".join(filter(None, (business.address, place_name(business.village_code)))),
                ),
                (_("Scale"), business.get_scale_display()),
                (_("Started on"), _day(business.started_on)),
                (_("Workers"), str(business.workers)),
                (
                    _("NIB"),
                    f"{business.nib} ({business.get_nib_status_display()})"
                    if business.nib
                    else _("None yet"),
                ),
                (_("Risk level"), business.get_risk_level_display() or "—"),
                (_("Licences and certificates"), ", ".join(held) or "—"),
            )
        plan = BusinessPlan.objects.filter(participant=participant).first()
        if plan is None:
            plan_rows: tuple = ((_("Business plan"), _("Not written yet.")),)
        else:
            figures, problems = figures_of(plan.content)
            plan_rows = (
                (_("Status"), plan.get_status_display()),
                (
                    _("Approved on"),
                    _day(timezone.localtime(plan.approved_at).date() if plan.approved_at else None),
                ),
                (
                    _("Sources of capital"),
                    str((plan.content.get("financing") or {}).get("sources", "")) or "—",
                ),
            )
            if figures:
                plan_rows += tuple((label, value) for label, value in summary(figures))
            elif problems:
                plan_rows += ((_("Figures"), " ".join(p["message"] for p in problems)),)
        evidence = []
        for letter in MentoringLetter.objects.filter(
            participant=participant, document__revoked_at__isnull=True
        ).select_related("document", "counselor__user"):
            evidence.append(
                (
                    _("Letter of mentoring and training"),
                    " · ".join(
                        (
                            letter.document.number,
                            _day(timezone.localtime(letter.document.issued_at).date()),
                            verify_url(letter.document.code),
                        )
                    ),
                )
            )
        for certificate in Certificate.objects.filter(
            enrolment__participant=participant, document__revoked_at__isnull=True
        ).select_related("document"):
            evidence.append(
                (
                    _("Training certificate"),
                    " · ".join(
                        (
                            certificate.document.number,
                            f"{certificate.course_title} ({certificate.hours_jp} JP)",
                            certificate.centre_name,
                            verify_url(certificate.document.code),
                        )
                    ),
                )
            )
        if not evidence:
            evidence.append((_("Evidence"), _("None recorded.")))
        listed = [
            (doc.get_kind_display(), _("file %(name)s in the ZIP") % {"name": file_name(doc)})
            for doc in documents
        ]
        if business is not None and business.nib:
            listed.append((_("NIB"), _("recorded in Wirausaha: %(nib)s") % {"nib": business.nib}))
        title = _("Referral dossier #%(number)s") % {"number": referral.pk}
        partner = _("Confidential: for %(partner)s") % {"partner": referral.partner.name}
        return DossierText(
            issuer=_("Entrepreneurship Service for Laid-off Workers"),
            title=title,
            subtitle=_("Prepared by Wirausaha on %(date)s for %(partner)s. Confidential: personal data.")
            % {"date": _day(timezone.localdate()), "partner": referral.partner.name},
            sections=(
                (_("Applicant"), applicant),
                (_("Application"), request),
                (_("Business"), business_rows),
                (_("Business plan summary"), plan_rows),
                (_("Mentoring and training"), tuple(evidence)),
            ),
            documents_heading=_("Documents"),
            documents=tuple(listed) or ((_("Documents"), _("None uploaded.")),),
            note=_(
                "The letters and certificates can be checked at the addresses shown. Wirausaha does not "
                "check SIKP or OSS: the NIB is as declared by the participant and verified by an officer "
                "where shown."
            ),
            footer=" · ".join(
                filter(None, (title, referral.document.number if referral.document else "", partner))
            ),
            **check_fields(referral.document),
        )
