from django import template

from wirausaha.common.masking import mask_nik, mask_phone, phone_as_dialled

register = template.Library()


@register.filter
def masked_nik(value: str) -> str:
    return mask_nik(value or "")


@register.filter
def masked_phone(value: str) -> str:
    return mask_phone(value or "")


register.filter("national_phone", phone_as_dialled)


@register.simple_tag(takes_context=True)
def page_url(context, page_number: int) -> str:
    """The current URL with another page number, keeping the filters."""
    query = context["request"].GET.copy()
    query["page"] = page_number
    return "?" + query.urlencode()
