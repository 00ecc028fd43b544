from django import template

from wirausaha.reference.models import Region
from wirausaha.reference.queries import place_name
from wirausaha.reference.queries import region_name as name_of_region

register = template.Library()


@register.filter
def region_name(code: str | None) -> str:
    """A Kemendagri code as its region's name ("32" → "JAWA BARAT"); the code itself if unknown."""
    if not code:
        return "—"
    try:
        return name_of_region(code)
    except Region.DoesNotExist:
        return code


@register.filter
def place(code: str | None) -> str:
    """A village code as people write the place ("Desa Sukaraja, Kecamatan Tambelang, …")."""
    return place_name(code or "")
