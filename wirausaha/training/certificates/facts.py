"""What a certificate states on the public check, in order. Pure: no ORM.

The labels are English msgids, shown in the reader's language by the check page (hence
gettext_noop: marked for translation, stored as written)."""

from datetime import date

from django.utils.translation import gettext_noop


def certificate_facts(
    *, course_title: str, centre_name: str, starts_on: date, ends_on: date, hours_jp: int
) -> list[dict]:
    return [
        {"key": "course_title", "label": gettext_noop("Course"), "value": course_title},
        {"key": "centre_name", "label": gettext_noop("Training centre"), "value": centre_name},
        {
            "key": "dates",
            "label": gettext_noop("Dates"),
            "type": "period",
            "value": [starts_on.isoformat(), ends_on.isoformat()],
        },
        {"key": "hours_jp", "label": gettext_noop("Hours (JP)"), "value": hours_jp},
    ]
