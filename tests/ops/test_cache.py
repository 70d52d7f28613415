"""An unreachable Redis reads as an empty cache: pages that use it (the unread badge) still answer 200."""

import pytest
from django.core.cache import cache
from django.urls import reverse

DOWN = {"default": {"BACKEND": "ops.cache.TolerantRedisCache", "LOCATION": "redis://127.0.0.1:9/0"}}


def test_the_configured_redis_cache_is_the_tolerant_one():
    from django.conf import settings

    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        pytest.skip("CACHE_URL is not a Redis here")
    assert settings.CACHES["default"]["BACKEND"] == "ops.cache.TolerantRedisCache"


def test_with_redis_away_reads_miss_writes_are_dropped_and_incr_says_missing(settings, caplog):
    from ops import cache as tolerant

    tolerant._last_warning[0] = 0.0  # a warning at most every 10 s: let this one through
    settings.CACHES = DOWN
    assert cache.get("k", "fallback") == "fallback" and cache.get_many(["a", "b"]) == {}
    assert cache.set("k", 1) is None and cache.add("k", 1) is False and not cache.has_key("k")
    with pytest.raises(ValueError):
        cache.incr("k")
    cache.delete_many(["a"])
    assert any("cache unavailable" in r.message for r in caplog.records)


def test_pages_with_the_unread_badge_answer_while_redis_is_away(personas, login, settings):
    settings.CACHES = DOWN
    for persona in (personas.mother, personas.key_person):
        response = login(persona).get(reverse("families:home"))
        assert response.status_code == 200
    day = login(personas.mother).get(reverse("diaries:child_day", args=[personas.alfie.pk]))
    assert day.status_code == 200
