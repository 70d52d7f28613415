"""The term report as a PDF made on the server (WeasyPrint), for a staff meeting or an inspection."""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def _fetcher():
    """Stylesheets come from the static files on disk: the PDF never fetches anything over the network."""
    from weasyprint.urls import URLFetcher

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            marker = "/static/"
            if marker in url and not url.startswith("file:"):
                path = finders.find(url.split(marker, 1)[1].split("?", 1)[0])
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
