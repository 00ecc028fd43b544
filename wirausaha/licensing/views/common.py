"""What the licensing pages share: the checklist shown with its guidance, and the files."""

from django.http import FileResponse, Http404

from ..models import Business
from ..queries import items_of

CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


def checklist_context(business: Business) -> dict:
    items = list(items_of(business))
    required = [item for item in items if item.required]
    return {
        "business": business,
        "items": required,
        "dropped": [item for item in items if not item.required],
        "done": sum(1 for item in required if item.status in ("done", "not_needed")),
    }


def file_response(field, name: str) -> FileResponse:
    if not field:
        raise Http404
    extension = field.name.rsplit(".", 1)[-1].lower()
    try:
        handle = field.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{name}.{extension}",
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
