"""The texts of an event's agendas, in the reader's language, turned into PDF bytes (pdf.py)."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..models import Event, Meeting, Registration
from .pdf import AgendaText, render_agenda

ISSUER = "Wirausaha - Layanan Kewirausahaan"


def _facts(event: Event) -> tuple[tuple[str, str], ...]:
    place = _("Online") if event.online else event.place or "-"
    return (
        (_("Date"), date_format(event.held_on, "l, j F Y")),
        (_("Place"), place),
        (_("Minutes per slot"), str(event.slot_minutes)),
    )


def _meetings(event: Event):
    return Meeting.objects.filter(event=event).select_related(
        "business__business", "buyer__buyer__organisation"
    )


def _buyer_text(registration: Registration) -> str:
    buyer = registration.buyer
    return f"{buyer.organisation.name} ({buyer.get_kind_display()})"


def _business_text(registration: Registration) -> str:
    business = registration.business
    return f"{business.name} (KBLI {business.kbli_code})"


def registrant_agenda(event: Event, registration: Registration) -> bytes:
    """A registrant's meetings in time order: time, table and the other side."""
    if registration.business_id:
        found = _meetings(event).filter(business=registration)
        other, label = _buyer_text, _("Buyer")
        rows = tuple((event.slot_time(m.slot), str(m.table + 1), other(m.buyer)) for m in found)
    else:
        found = _meetings(event).filter(buyer=registration)
        other, label = _business_text, _("Business")
        rows = tuple((event.slot_time(m.slot), str(m.table + 1), other(m.business)) for m in found)
    text = AgendaText(
        issuer=ISSUER,
        title=_("Agenda: %(name)s") % {"name": registration.name},
        event=event.name,
        facts=_facts(event),
        headers=(_("Time"), pgettext("meeting", "Table"), label),
        rows=rows,
        empty=_("No meeting is scheduled for you at this event."),
        note=_("Please come to your table a few minutes before each meeting."),
    )
    return render_agenda(text)


def table_agenda(event: Event, table: int) -> bytes:
    """One table's meetings in time order: time, business and buyer (tables numbered from 1)."""
    found = _meetings(event).filter(table=table - 1)
    text = AgendaText(
        issuer=ISSUER,
        title=_("Table %(table)s") % {"table": table},
        event=event.name,
        facts=_facts(event),
        headers=(_("Time"), pgettext("meeting", "Table"), _("Business"), _("Buyer")),
        rows=tuple(
            (event.slot_time(m.slot), str(table), _business_text(m.business), _buyer_text(m.buyer))
            for m in found
        ),
        empty=_("No meeting is scheduled at this table."),
        note=_("Record each meeting's outcome on the event's page after the meeting."),
    )
    return render_agenda(text)
