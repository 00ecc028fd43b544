from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class PrivateStorage(FileSystemStorage):
    """Files that only views checking the viewer's scope may hand out: they have no public URL."""

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a scoped view.")


def private_storage() -> Storage:
    """Where uploads and generated documents live: an S3-compatible bucket when STORAGE_S3_BUCKET
    is set, otherwise the folder MEDIA_ROOT."""
    if getattr(settings, "STORAGE_S3", None):
        # Imported only then: a laptop or a single server needs no S3 client.
        from wirausaha.common.s3_storage import PrivateS3Storage

        return PrivateS3Storage()
    # No fixed location: FileSystemStorage then reads MEDIA_ROOT when it needs it, so the
    # location follows the settings (tests point MEDIA_ROOT at a temporary folder).
    return PrivateStorage()


class FingerprintedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Collected static files, compressed and named by their content, linked by those names even
    with DEBUG on (Django links the plain names then): `make run` serves them as production does,
    so WhiteNoise lets browsers keep each file for a year."""

    def url(self, name, force=False):
        return super().url(name, force=True)
