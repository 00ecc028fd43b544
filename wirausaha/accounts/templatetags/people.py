from django import template

from ..people import actor_display
from ..scoping import sees_identifiers

register = template.Library()


@register.simple_tag(takes_context=True)
def actor(context, user, label: str = "") -> str:
    """`{% actor event.actor event.actor_label %}`: who did it, as the reader may see them."""
    request = context.get("request")
    reader = getattr(request, "user", None)
    return actor_display(user, label, show_identifiers=bool(reader) and sees_identifiers(reader))
