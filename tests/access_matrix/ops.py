from . import EVERYONE, Row

# Load-balancer probes: public, cheap, and they say nothing about anyone (tests/ops/test_health.py).
ROWS = [
    Row("ops:healthz", EVERYONE, anonymous=200),
    Row("ops:readyz", EVERYONE, anonymous=200),
]
