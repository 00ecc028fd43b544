"""Builders of the grievance tests: officers with desks, a centre and its staff, a reported case."""

from wirausaha.accounts.models import Role
from wirausaha.grievances import actions
from wirausaha.reference.models import Region
from wirausaha.testing import make_centre, make_user

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def officer(username: str, *, region: str | None = None, categories=(), organisation=None):
    """A grievance officer with a desk: `region` (None: the national level) and categories."""
    user = make_user(username, Role.GRIEVANCE_OFFICER, organisation=organisation)
    actions.save_desk(
        officer=user, region=Region.objects.get(pk=region) if region else None, categories=categories, by=None
    )
    return user


def bekasi_centre():
    return make_centre("BLK Pengaduan Bekasi", region="32.16")


def report(centre=None, *, category="illegal_fee", **kwargs):
    """An anonymous complaint; returns (case, tracking code)."""
    data = {"description": "Petugas meminta uang pendaftaran Rp 200.000 di loket."}
    data.update(kwargs)
    return actions.report_grievance(category=category, centre=centre, **data)


def grow_grievances(centre, count: int) -> None:
    """`count` more complaints about `centre`, every third about a labour office (escalated), for
    the lists' query counts (tests/web/test_list_queries.py)."""
    for n in range(count):
        report(centre, about_labour_office=n % 3 == 0, description=f"Pengaduan tumbuh nomor {n}.")
