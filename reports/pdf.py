"""The term report as a PDF made on the server (WeasyPrint), for a staff meeting or an inspection."""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string


def _static_path(name: str) -> str | None:
    """The file on disk behind a static URL's name. In production the name is the collected, hashed copy
    (`term_report_print.3f2a….css`, ManifestStaticFilesStorage), which only the static root holds; with DEBUG the
    finders find the source file."""
    try:
        collected = staticfiles_storage.path(name)
    except NotImplementedError:  # a storage without local files (a CDN): the source files are still on disk
        collected = None
    if collected and Path(collected).is_file():
        return collected
    return finders.find(name)


def _fetcher():
    """Stylesheets come from the static files on disk: the PDF never fetches anything over the network."""
    from weasyprint.urls import URLFetcher

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            marker = "/static/"
            if marker in url and not url.startswith("file:"):
                path = _static_path(url.split(marker, 1)[1].split("?", 1)[0])
                if not path:
                    raise ValueError(f"No static file for {url}")
                url = Path(path).resolve().as_uri()
            return super().fetch(url, headers)

    return StaticFilesOnly(allowed_protocols=["file", "data"])


def pdf_from_html(html: str, base_url: str) -> bytes:
    """Any page of Triangle's as a PDF, fetching nothing but static files on disk (the subject access copy too)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url, url_fetcher=_fetcher()).write_pdf()


def term_report_pdf(request, context) -> bytes:
    html = render_to_string("reports/term_report.pdf.html", context, request)
    return pdf_from_html(html, request.build_absolute_uri("/"))
