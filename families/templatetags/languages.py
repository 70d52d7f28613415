"""Free text is shown as typed and marked with the language it was written in.

    {% load languages %}
    <p {% typed_attrs entry.written_in %}>{{ entry.text }}</p> {% written_in entry.written_in %}

`typed_attrs` gives the text its own lang (screen readers pronounce it right) and dir="auto" (Urdu typed into
an English page still reads right to left). `written_in` says "written in English" when the reader's language
is another one, and nothing when it is the same.
"""

from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from families import languages

register = template.Library()


@register.simple_tag
def typed_attrs(code):
    code = languages.supported(code)
    if not code:
        return format_html('dir="auto"')
    return format_html('lang="{}" dir="auto"', code)


@register.simple_tag
def written_in(code):
    code = languages.supported(code)
    if not code or languages.same_language(code, translation.get_language()):
        return ""
    return format_html('<span class="written-in">({})</span>',
                       _("written in %(language)s") % {"language": languages.name(code)})


@register.filter
def autonym(code):
    """The language's own name, for the language picker: `{{ code|autonym }}`."""
    return languages.autonym(code)


@register.filter
def language_label(code):
    return languages.name(code) or code


@register.simple_tag
def interpreter_needs(child):
    """[(carer name, language name)] for the child's carers who need an interpreter at meetings."""
    from families.models import CarerLink

    links = CarerLink.objects.filter(child=child, is_restricted=False, carer__needs_interpreter=True).select_related(
        "carer__user")
    return [(link.carer.full_name, languages.name((link.carer.user.language if link.carer.user else "")
                                                  or link.carer.preferred_language)) for link in links]
