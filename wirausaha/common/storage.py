from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class PrivateStorage(FileSystemStorage):
    """Files that only views checking the viewer's scope may hand out: they have no public URL."""

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a scoped view.")


def private_storage() -> PrivateStorage:
    # No fixed location: FileSystemStorage then reads MEDIA_ROOT when it needs it, so the
    # location follows the settings (tests point MEDIA_ROOT at a temporary folder).
    return PrivateStorage()


class FingerprintedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Collected static files, compressed and named by their content, linked by those names even
    with DEBUG on (Django links the plain names then): `make run` serves them as production does,
    so WhiteNoise lets browsers keep each file for a year."""

    def url(self, name, force=False):
        return super().url(name, force=True)
