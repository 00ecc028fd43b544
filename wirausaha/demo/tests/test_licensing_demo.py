"""The demo's licensing: `lulusan` has a business making crisps at home, with its checklist in
order and no NIB yet (recording it is the demo's first step); the PKP item has a due date from
`pendamping`; another of `pendamping`'s clients has a declared NIB waiting for the labour office."""

from io import StringIO

import pytest
from django.core.management import call_command

from wirausaha.licensing.models import Business

pytestmark = pytest.mark.django_db


def test_lulusan_has_a_business_with_its_checklist_and_a_declared_nib_waits():
    call_command("seed_demo", "--participants", "5", stdout=StringIO())
    business = Business.objects.get(participant__user__username="lulusan")
    assert business.kbli_code == "10794" and business.nib == ""
    items = list(business.checklist_items.order_by("order"))
    assert [i.kind for i in items] == ["nib", "pkp", "spp_irt"]
    assert items[1].due_on is not None
    assert (
        Business.objects.filter(nib_status=Business.NibStatus.DECLARED).exclude(pk=business.pk).count() == 1
    )
    call_command("seed_demo", "--participants", "5", stdout=StringIO())
    assert Business.objects.filter(participant__user__username="lulusan").count() == 1
