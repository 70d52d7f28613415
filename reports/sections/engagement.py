"""What "engaged" means for reach figures. One definition, used by every section that counts engagement.

With diary and partnership records: the family had two-way contact in the period (see sections/contact.py).
Without them (before those apps are installed): at least one carer uses Triangle by the end of the period.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from ..facts import AVAILABLE
from .overview import end_of, on_triangle


def engaged_filter(ctx) -> Q:
    """A Q on Child: the family counts as engaged in the selected period."""
    if AVAILABLE:
        from ..facts import facts_for, families_for

        facts = facts_for(ctx)
        return Q(pk__in=[f.pk for f in families_for(ctx) if facts.of(f.pk).contact_in(facts.windows.start)])
    return Q(on_triangle(end_of(ctx.period.end, ctx.setting)))


def engagement_label() -> str:
    return _("Families with two-way contact") if AVAILABLE else _("Families on Triangle")
