"""The consent text a registrant agrees to (UU 27/2022). A new wording gets a new version, and
each participant keeps the version and time they agreed to."""

from django.utils.translation import gettext_lazy as _

CONSENT_VERSION = "2025-1"
CONSENT_TEXT = _(
    "I agree that the Ministry of Manpower and its partners in this programme (labour offices, "
    "training centres, counselors, financing and market partners) process my personal data, including "
    "my NIK, to select participants, run the training and support my business, and to follow up "
    "on it for up to three years. My data is not sold or used for anything else. I can see, download "
    "and correct my data at any time, and withdraw this consent; after that my data is no longer "
    "processed for the programme."
)
