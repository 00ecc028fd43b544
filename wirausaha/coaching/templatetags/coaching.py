from django import template

from ..presentation import rupiah as as_rupiah

register = template.Library()


@register.filter
def rupiah(value) -> str:
    return as_rupiah(value)


@register.filter
def get_value(mapping, key):
    return (mapping or {}).get(key)
