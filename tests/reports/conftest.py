import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Labels are compared in English: a previous request may have left another language active in this thread."""
    with translation.override("en-gb"):
        yield
