from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files that only views checking the viewer's scope may hand out: they have no public URL."""

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a scoped view.")


def private_storage() -> PrivateStorage:
    # No fixed location: FileSystemStorage then reads MEDIA_ROOT when it needs it, so the
    # location follows the settings (tests point MEDIA_ROOT at a temporary folder).
    return PrivateStorage()
