"""The 21 Kemnaker vocational training centres (UPTP), from the shipped file."""

from django.db import transaction

from wirausaha.accounts.models import Organisation
from wirausaha.reference.loaders import DATA_DIR, _read

from .models import TrainingCentre


@transaction.atomic
def load_kemnaker_centres() -> tuple[int, int]:
    """Create each centre and its organisation once, keyed on the short name. Returns (created, total)."""
    created = total = 0
    for row in _read(DATA_DIR / "uptp_kemnaker_pelatihan_vokasi.csv"):
        total += 1
        organisation, _ = Organisation.objects.get_or_create(
            name=row["full_name"],
            defaults={"kind": Organisation.Kind.TRAINING_CENTRE, "region_id": row["kabkota_code"]},
        )
        _, was_created = TrainingCentre.objects.get_or_create(
            short_name=row["short_name"],
            defaults={
                "organisation": organisation,
                "name": row["full_name"],
                "kind": row["type"].lower(),
                "region_id": row["kabkota_code"],
                "latitude": float(row["kabkota_centroid_lat"]),
                "longitude": float(row["kabkota_centroid_lng"]),
                "source_note": f"{row['note']} ({row['source_url']})".strip(),
            },
        )
        created += was_created
    return created, total
