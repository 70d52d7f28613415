"""Partnership views use the shared view plumbing (families/view_helpers.py); these names stay importable here."""

from families.view_helpers import apply_service, form_page, handle, post_only_service, url_of

__all__ = ["apply_service", "form_page", "handle", "post_only_service", "url_of"]
