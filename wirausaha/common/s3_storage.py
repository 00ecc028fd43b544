"""The private files in an S3-compatible bucket (settings.STORAGE_S3, from STORAGE_S3_BUCKET and
its companions), so that web processes on several machines see one set of files."""

from django.conf import settings
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """Every object is written with the private ACL and never overwritten. As in the local folder,
    there is no public URL: a view that has checked the viewer's scope streams the file, or hands
    out `signed_url`, valid for a few minutes."""

    default_acl = "private"
    querystring_auth = True
    file_overwrite = False

    def __init__(self, **options):
        super().__init__(**{**settings.STORAGE_S3, **options})

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("Private files have no public URL; serve them through a scoped view.")

    def signed_url(self, name: str, *, seconds: int = 300) -> str:
        return super().url(name, expire=seconds)
