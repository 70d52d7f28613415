"""The real URLs plus one view that fails, for the error page tests (tests/test_demo_behaves.py)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from config.urls import urlpatterns as real


@login_not_required
def boom(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("boom/", boom, name="boom"), *real]
