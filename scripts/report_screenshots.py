#!/usr/bin/env python
"""Screenshots of the partnership report as a manager sees it: the overview, every section page and the term
report PDF (its pages rendered by poppler), at desktop (1366 px) and tablet (1024 px) width.

    .venv/bin/python scripts/report_screenshots.py --base http://127.0.0.1:8000 --out var/report-screenshots

Needs a running Triangle with the demo seeded (`make demo`, or gunicorn on a seeded database), Chromium
(`make browser`) and pdftoppm (`make system-libs`). Logs in as the demo manager with the TOTP step.
"""

import argparse
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "tablet": {"width": 1024, "height": 1366}}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default=str(ROOT / "var" / "report-screenshots"))
    parser.add_argument("--email", default="manager@sunnyside.test")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.urls import reverse
    from playwright.sync_api import sync_playwright

    from families.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
    from families.totp_codes import totp_code_with_time_left
    from reports.sections import SECTIONS

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pages = [("overview", reverse("reports:dashboard"))] + [
        (s.key, reverse("reports:section", args=[s.key])) for s in SECTIONS if s.key != "overview"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        context = browser.new_context(viewport=WIDTHS["desktop"])
        page = context.new_page()
        page.goto(args.base + "/accounts/login/")
        page.fill("input[name=login]", args.email)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("form [type=submit]")
        if "/2fa/" in page.url:
            page.fill("input[name=code]", totp_code_with_time_left(DEMO_TOTP_SECRET))
            page.click("form [type=submit]")
        for width, viewport in WIDTHS.items():
            page.set_viewport_size(viewport)
            for name, path in pages:
                response = page.goto(args.base + path)
                assert response.status == 200, f"{path}: {response.status}"
                page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)
                print(f"{name}-{width}.png", flush=True)
        pdf = out / "term-report.pdf"
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
        request = urllib.request.Request(args.base + reverse("reports:pdf"), headers={"Cookie": cookies})
        pdf.write_bytes(urllib.request.urlopen(request, timeout=120).read())
        browser.close()
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "4", str(pdf), str(out / "term-report")],
                   check=True)
    print(f"{pdf} and its first pages as term-report-N.png in {out}")


if __name__ == "__main__":
    main()
