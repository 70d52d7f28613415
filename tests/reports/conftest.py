import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Labels are compared in English: a previous request may have left another language active in this thread."""
    with translation.override("en-gb"):
        yield


@pytest.fixture(autouse=True)
def fresh_figures(settings):
    """Every request computes (the short dashboard cache has its own test)."""
    settings.REPORTS_CACHE_SECONDS = 0
