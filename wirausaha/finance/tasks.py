"""Background work of finance: drawing a referral's dossier after the referral commits."""

from django_tasks import task

from .models import Referral


@task()
def render_referral_dossier(referral_id: int) -> None:
    from .dossier.store import store_dossier  # the dossier reads licensing and coaching: loaded late

    referral = (
        Referral.objects.filter(pk=referral_id)
        .select_related("application__participant__domicile", "application__product", "partner", "document")
        .first()
    )
    if referral is not None:
        store_dossier(referral)
