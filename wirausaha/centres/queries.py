from django.db.models import QuerySet

from .models import TrainingCentre


def centres_listed() -> QuerySet[TrainingCentre]:
    """Centres are public facts: every signed-in user may see the list."""
    return TrainingCentre.objects.select_related("region", "region__parent")
