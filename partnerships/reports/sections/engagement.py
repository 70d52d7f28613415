"""What "engaged" means for reach figures. One definition, used by every section that counts engagement.

Until diary and partnership records exist, a family is engaged when at least one of its carers uses
Triangle by the end of the period.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from .overview import end_of, on_triangle


def engaged_filter(ctx) -> Q:
    """A Q on Child: the family counts as engaged in the selected period."""
    return Q(on_triangle(end_of(ctx.period.end, ctx.setting)))


def engagement_label() -> str:
    return _("Families on Triangle")
