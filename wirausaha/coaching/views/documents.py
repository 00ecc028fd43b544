"""The coaching documents of one participant, to download: the approved business plan's PDF and the
letters of mentoring and training. The participant sees their own; their counselor and the
national admins (auditors read) see those of the participants in their coaching scope."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wirausaha.accounts.models import Role
from wirausaha.documents.tasks import render_document_pdf
from wirausaha.registry.queries import get_own_participant

from ..queries import (
    get_coached_participant,
    get_letter_for,
    is_counselor,
    letters_of,
    oversees_coaching,
    plan_of,
)


def _page(request: HttpRequest, participant, *, own: bool) -> HttpResponse:
    return render(
        request,
        "coaching/documents.html",
        {
            "participant": participant,
            "own": own,
            "plan": plan_of(participant),
            "letters": letters_of(participant),
        },
    )


@require_GET
def my_documents(request: HttpRequest) -> HttpResponse:
    return _page(request, get_own_participant(request.user), own=True)


@require_GET
def case_documents(request: HttpRequest, pk: int) -> HttpResponse:
    if not (is_counselor(request.user) or oversees_coaching(request.user)):
        raise Http404
    return _page(request, get_coached_participant(request.user, pk), own=False)


@require_GET
def letter_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter's PDF to its holder and to those who coach them (others: 404). The letter's facts
    are public through its check page, so downloading it is not audited."""
    letter = get_letter_for(request.user, pk)
    document = letter.document
    try:
        handle = document.pdf.open("rb") if document.pdf else None
    except FileNotFoundError:  # the row says drawn but the file is gone: draw it again
        handle = None
    if handle is None:
        if document.pdf:  # a first drawing is queued when the letter is issued
            render_document_pdf.enqueue(document_id=document.pk)
        messages.info(request, _("The letter's PDF is being prepared. Try again in a few minutes."))
        if request.user.role == Role.PARTICIPANT:
            return redirect("coaching:my_documents")
        return redirect("coaching:case_documents", letter.participant_id)
    name = "surat-pendampingan-" + document.number.replace("/", "-") + ".pdf"
    return FileResponse(handle, as_attachment=True, filename=name, content_type="application/pdf")
