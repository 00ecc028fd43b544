from django import template

from wirausaha.common.masking import mask_nik, mask_phone, mask_text, phone_as_dialled

register = template.Library()


@register.filter
def masked_nik(value: str) -> str:
    return mask_nik(value or "")


@register.filter
def masked_phone(value: str) -> str:
    """A masked number in the form people dial it (0812-****-*890), like the unmasked one beside
    it on other pages: the operator prefix and the last 3 digits kept."""
    dialled = phone_as_dialled(value or "")
    if dialled == (value or "") and not dialled.startswith("0"):
        return mask_phone(dialled)  # not a number we can read: masked as it is
    total, seen, shown = sum(c.isdigit() for c in dialled), 0, []
    for char in dialled:
        if char.isdigit():
            seen += 1
            char = char if seen <= 4 or seen > total - 3 else "*"
        shown.append(char)
    return "".join(shown)


register.filter("national_phone", phone_as_dialled)


@register.filter
def mask_unless(value: str, sees_identifiers: bool) -> str:
    """Free text (a reason, a note) with NIK and phone numbers masked, unless the reader sees them
    in full: `{{ change.reason|mask_unless:show_identifiers }}`."""
    if sees_identifiers or not isinstance(value, str):
        return value
    return mask_text(value)


@register.simple_tag(takes_context=True)
def page_url(context, page_number: int) -> str:
    """The current URL with another page number, keeping the filters."""
    query = context["request"].GET.copy()
    query["page"] = page_number
    return "?" + query.urlencode()
