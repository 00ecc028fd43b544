"""What a certificate states on the public check, in order. Pure: no ORM.

The labels are English msgids, shown in the reader's language by the check page (hence
gettext_noop: marked for translation, stored as written)."""

from datetime import date

from django.utils.translation import gettext_noop


def certificate_facts(
    *,
    course_title: str,
    centre_name: str,
    starts_on: date,
    ends_on: date,
    hours_jp: int,
    holder_identifier: str = "",
    signatory_name: str = "",
    signatory_title: str = "",
) -> list[dict]:
    """The course's facts; before them the holder's masked NIK (a second identifier beside the
    name), after them who signs (the centre's head), each only when known (issue #23)."""
    identifier = (
        [{"key": "holder_identifier", "label": gettext_noop("NIK (masked)"), "value": holder_identifier}]
        if holder_identifier
        else []
    )
    signatory = (
        [
            {"key": "signatory_name", "label": gettext_noop("Signed by"), "value": signatory_name},
            {"key": "signatory_title", "label": gettext_noop("Signatory's title"), "value": signatory_title},
        ]
        if signatory_name
        else []
    )
    return [
        *identifier,
        {"key": "course_title", "label": gettext_noop("Course"), "value": course_title},
        {"key": "centre_name", "label": gettext_noop("Training centre"), "value": centre_name},
        {
            "key": "dates",
            "label": gettext_noop("Dates"),
            "type": "period",
            "value": [starts_on.isoformat(), ends_on.isoformat()],
        },
        {"key": "hours_jp", "label": gettext_noop("Hours (JP)"), "value": hours_jp},
        *signatory,
    ]
