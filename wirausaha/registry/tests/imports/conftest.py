import pytest

from wirausaha.common.storage import PrivateStorage
from wirausaha.registry.models import ImportJob


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    # Uploaded lists go to a temporary directory, not the development media folder.
    monkeypatch.setattr(ImportJob._meta.get_field("file"), "storage", PrivateStorage(location=tmp_path))
