"""The installable app: the service worker at the root, the manifest in the reader's language, the offline page."""

import json

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_served_from_the_root_and_imports_its_parts():
    response = Client().get("/service-worker.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert 'importScripts("/static/js/sw/offline.js"' in body
    config = json.loads(body.split("self.TRIANGLE = ", 1)[1].split(";\n", 1)[0])
    assert config["offlineUrl"] == reverse("offline")
    assert "/static/css/triangle.css" in config["precache"] and "/static/js/offline.js" in config["precache"]


def test_every_precached_file_exists():
    """One missing file fails the worker's install on every device: each one the worker names must be served."""
    body = Client().get("/service-worker.js").content.decode()
    config = json.loads(body.split("self.TRIANGLE = ", 1)[1].split(";\n", 1)[0])
    from django.contrib.staticfiles import finders

    for url in config["precache"]:
        assert finders.find(url.removeprefix("/static/")), url


@pytest.mark.parametrize("lang, direction", [("pl", "ltr"), ("ar", "rtl"), ("ur", "rtl"), ("en-gb", "ltr")])
def test_the_manifest_speaks_the_readers_language(lang, direction):
    response = Client().get(reverse("web_manifest") + f"?lang={lang}")
    assert response.status_code == 200 and response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["lang"] == lang and manifest["dir"] == direction
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    english = json.loads(Client().get(reverse("web_manifest") + "?lang=en-gb").content)["description"]
    if lang == "en-gb":
        assert english.startswith("Your child's day")
    else:
        assert manifest["description"] != english, f"the description is not translated into {lang}"


def test_an_unknown_language_falls_back_without_an_error():
    response = Client().get(reverse("web_manifest") + "?lang=<script>")
    assert response.status_code == 200 and json.loads(response.content)["lang"] == "en-gb"


def test_the_page_links_the_manifest_in_its_own_language(personas, login):
    client = login(personas.mother)
    client.cookies["django_language"] = "pl"
    html = client.get(reverse("families:home")).content.decode()
    assert f'href="{reverse("web_manifest")}?lang=pl"' in html
    assert 'data-worker="/service-worker.js"' in html


def test_the_offline_page_shows_nobody_who_was_signed_in(personas, login):
    response = login(personas.key_person).get(reverse("offline"))
    assert response.status_code == 200
    html = response.content.decode()
    assert personas.key_person.get_short_name() not in html
    assert "No connection" in html


def test_kept_pages_are_marked_and_others_are_not(personas, login):
    client = login(personas.key_person)
    board = client.get(reverse("diaries:room_board", args=[personas.toddlers.pk]))
    assert board["Triangle-Offline-Copy"] == "keep"
    assert client.get(reverse("diaries:child_day", args=[personas.alfie.pk]))["Triangle-Offline-Copy"] == "keep"
    assert "Triangle-Offline-Copy" not in client.get(reverse("diaries:child_records", args=[personas.alfie.pk]))
    # The minute's refresh (htmx) is not a page to keep; a page someone may not see is never marked.
    assert "Triangle-Offline-Copy" not in client.get(reverse("diaries:room_board", args=[personas.toddlers.pk]),
                                                     HTTP_HX_REQUEST="true")
    other = login(personas.other_parent).get(reverse("diaries:child_day", args=[personas.alfie.pk]))
    assert other.status_code == 404 and "Triangle-Offline-Copy" not in other
