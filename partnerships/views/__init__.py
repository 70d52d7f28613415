"""Partnership pages, one module per area. Thin: access.py decides, services write, selectors read."""
