import pytest
from django.utils import translation


@pytest.fixture
def english():
    """The actions' messages in the language of the code, for tests that read them."""
    with translation.override("en"):
        yield
