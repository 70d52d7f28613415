"""A stored choice's label, read the way a page full of them can afford."""


def choice_label(choices, value) -> str:
    """`get_FOO_display()` for a TextChoices field without its per-call work: Django builds the field's whole
    choices dict on every call (about ten times slower; a room board shows ~150 labels, a profile a few per carer).
    A value no longer among the choices shows as stored, as Django's does."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value
