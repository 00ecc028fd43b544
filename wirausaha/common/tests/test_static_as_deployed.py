"""`make run` serves static files as production does (issue #23 item 11): collected with names
fingerprinted by their content, linked by those names even with DEBUG on, and compressed."""

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import override_settings

DEPLOYED = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "wirausaha.common.storage.FingerprintedStaticFilesStorage"},
}


def test_collected_files_are_linked_by_fingerprinted_names_and_have_a_compressed_copy(tmp_path):
    # Changing STORAGES makes Django read the static storage from the settings again.
    with override_settings(STORAGES=DEPLOYED, STATIC_ROOT=tmp_path, DEBUG=True):
        call_command("collectstatic", interactive=False, verbosity=0)
        url = staticfiles_storage.url("django_htmx/htmx-2.min.js")
    name = url.removeprefix("/static/")
    assert name != "django_htmx/htmx-2.min.js" and name.startswith("django_htmx/htmx-2.min.")
    assert (tmp_path / name).exists() and (tmp_path / f"{name}.gz").exists()
    gzipped, plain = (tmp_path / f"{name}.gz").stat().st_size, (tmp_path / name).stat().st_size
    assert gzipped < plain / 2
