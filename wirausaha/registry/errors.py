from django.utils.translation import gettext_lazy as _

from wirausaha.common.errors import DomainError, InvalidInput


class ParticipantInvalid(InvalidInput):
    code = "participant_invalid"


class NikTaken(InvalidInput):
    """The NIK is registered already. The message says nothing about who holds it."""

    code = "nik_taken"

    def __init__(self):
        super().__init__(
            {
                "nik": str(
                    _(
                        "This NIK is already registered. If it is yours and you did not register, "
                        "contact your labour office (Disnaker) to check it."
                    )
                )
            }
        )


class WrongState(DomainError):
    code = "wrong_state"


class ImportRefused(InvalidInput):
    """The uploaded file cannot be imported at all (empty, too large, not CSV/XLSX, no header)."""

    code = "import_refused"


class ImportConflict(WrongState):
    """The registry changed between checking and writing (someone registered one of the NIKs)."""

    code = "import_conflict"
