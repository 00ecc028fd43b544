"""Two businesses declaring the same NIB at the same moment: exactly one keeps it; the other gets
the clear "already recorded" answer, from the database's unique index when both passed the check
before either wrote. Real concurrent transactions need PostgreSQL (CI runs it)."""

from datetime import date

import pytest
from django.db import connection
from django.utils import translation

from wirausaha.common.errors import InvalidInput
from wirausaha.licensing.actions import declare_nib
from wirausaha.licensing.models import Business
from wirausaha.testing import all_at_once

from .support import business, owner, pdf

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent inserts need PostgreSQL (set DATABASE_URL; CI runs it)",
    ),
]
NIB = "9120007777777"


def test_one_nib_declared_by_four_businesses_at_once_lands_on_one(reference_regions, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    businesses = [business(owner(f"pemilik{n}", f"Pemilik {n}")) for n in range(4)]

    def declare(b):
        def call():
            with translation.override("en"):
                return declare_nib(
                    business=b,
                    by=None,
                    nib=NIB,
                    issued_on=date(2026, 1, 5),
                    risk_level="rendah",
                    document=pdf(),
                )

        return call

    results, failures = all_at_once([declare(b) for b in businesses])

    assert len(results) == 1
    assert len(failures) == 3 and all(isinstance(f, InvalidInput) for f in failures)
    assert all("already recorded" in f.errors["nib"] for f in failures)
    assert Business.objects.filter(nib=NIB).count() == 1
