"""Spreadsheet cells that are safe to open: the one rule every CSV Triangle writes goes through (CSV injection)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Spreadsheets run text cells starting with = + - @ (or a tab or carriage return) as formulas: a leading
    apostrophe makes them text again. Numbers stay numbers; None is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value
