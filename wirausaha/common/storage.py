from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files that only views checking the viewer's scope may hand out: they have no public URL."""

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a scoped view.")


def private_storage() -> PrivateStorage:
    # A callable, so that the location follows settings (tests point MEDIA_ROOT elsewhere).
    return PrivateStorage(location=settings.MEDIA_ROOT)
