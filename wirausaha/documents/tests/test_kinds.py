"""The public hook by which a stage teaches documents a kind: prefix and PDF wording, checked."""

import pytest
from django.utils import translation

from wirausaha.documents import kinds
from wirausaha.documents.actions import Draft, issue_documents
from wirausaha.documents.models import Document


def _nothing(*args):
    return b""


def test_every_labelled_kind_is_registered_when_the_apps_start():
    registered = kinds.registered_kinds()
    assert set(registered) == set(Document.Kind.values)
    assert registered[Document.Kind.CERTIFICATE].prefix == "WRS"
    with translation.override("id"):
        label = Document(kind=Document.Kind.MENTORING_LETTER).get_kind_display()
    assert label == "Surat keterangan pendampingan dan pelatihan"


def test_a_kind_without_a_label_or_with_a_taken_prefix_is_refused():
    with pytest.raises(ValueError, match=r"not a Document\.Kind"):
        kinds.register_kind("lottery_record", prefix="UND", wording=dict, text=_nothing, render=_nothing)
    with pytest.raises(ValueError, match="already that of 'certificate'"):
        kinds.register_kind(
            Document.Kind.MENTORING_LETTER, prefix="WRS", wording=dict, text=_nothing, render=_nothing
        )
    with pytest.raises(ValueError, match="capital letters"):
        kinds.register_kind(
            Document.Kind.MENTORING_LETTER, prefix="skp", wording=dict, text=_nothing, render=_nothing
        )
    # The refused registrations changed nothing.
    assert kinds.kind_spec(Document.Kind.CERTIFICATE).prefix == "WRS"
    assert kinds.kind_spec(Document.Kind.MENTORING_LETTER).prefix != "WRS"


@pytest.mark.django_db
def test_issuing_an_unregistered_kind_fails_before_writing_anything():
    with pytest.raises(kinds.UnknownKind):
        issue_documents([Draft(kind="lottery_record", holder_name="Ani", title="x")])
    assert not Document.objects.exists()
