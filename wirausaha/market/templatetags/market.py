from django import template

from wirausaha.coaching.presentation import rupiah as as_rupiah

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """An amount with thousands separators: Rp 10.000.000."""
    return as_rupiah(value)


@register.filter
def slot_time(event, slot: int) -> str:
    return event.slot_time(slot)
