# The two commands a newcomer needs: `make demo` and `make test`. Each sets itself up from nothing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test setup browser system-libs bench clean

$(STAMP): requirements.txt requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $(STAMP)

setup: $(STAMP)

# The demo: SQLite and an embedded Celery broker, no servers needed. Open http://127.0.0.1:8000
demo: $(STAMP) system-libs
	DEBUG=$${DEBUG:-1} $(PY) manage.py run_demo

# Browser tests drive Debian's Chromium (Playwright's own download cannot run here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Chromium (apt-get install chromium) for the browser tests" >&2; fi; }

# WeasyPrint (the term report PDF) needs Pango and HarfBuzz, and fonts (Noto for Urdu, Arabic, Bengali and Punjabi,
# which DejaVu lacks; the browser tests' screenshots use them too); the tests read PDFs with poppler.
SYSTEM_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core fonts-noto-core poppler-utils
system-libs:
	@dpkg -s $(SYSTEM_LIBS) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(SYSTEM_LIBS) >/dev/null; \
	  else echo "Install $(SYSTEM_LIBS) (apt-get install) for the PDF term report" >&2; fi; }

# Every test. Uses DATABASE_URL / CELERY_BROKER_URL when set (CI sets PostgreSQL and Redis).
test: $(STAMP) browser system-libs
	DEBUG=$${DEBUG:-1} $(PY) -m pytest $(PYTEST_ARGS)

# Busy pages on the large demo (150 children, 365 days) over real HTTP, gunicorn 2 workers, PostgreSQL.
# BENCH_DATABASE_URL picks the database (default postgres://postgres@127.0.0.1:5432/triangle_bench);
# BENCH_ARGS="--reuse" skips re-seeding. See docs/diaries.md.
bench: $(STAMP)
	$(PY) scripts/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var

# Reminders/second with one Celery worker from a backlog of 10,000 (docs/notifications.md). Needs Redis and
# ideally PostgreSQL: DATABASE_URL=postgres://... make bench-reminders
BENCH_BROKER_URL ?= redis://127.0.0.1:6379/6
.PHONY: bench-reminders
bench-reminders: $(STAMP)
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --verbosity 0
	DEBUG=$${DEBUG:-1} $(PY) manage.py bench_reminders --count $${COUNT:-10000} --broker $(BENCH_BROKER_URL)

# Three gunicorns, two workers, one beat on PostgreSQL, Redis and an S3 server (moto) under load for five
# minutes while one gunicorn and one worker are killed and Redis restarts; checks nothing was lost
# (docs/scaling.md). SCALE_OUT_DATABASE_URL picks the database (dropped and created);
# SCALE_OUT_ARGS="--short" is the CI version (tests/scale/test_scale_out.py).
.PHONY: scale-out
scale-out: $(STAMP)
	$(PY) scripts/scale_out.py --json var/scale-out-report.json $(SCALE_OUT_ARGS)

# The outbox under faults (docs/notifications.md): two workers, two beats, SIGKILLs mid-send, beats killed and
# restarted, a backlog of 3,000 emails to a slow aiosmtpd; counts due/sent/received/duplicates/lost, exits 1 on
# a loss. Its own database FAULT_DATABASE_URL (default .../triangle_fault, recreated). CI runs a short version:
# pytest -m fault. FAULT_ARGS="--count 6000 --rounds 10" for more.
FAULT_BROKER_URL ?= redis://127.0.0.1:6379/7
.PHONY: fault-outbox
fault-outbox: $(STAMP)
	FAULT_BROKER_URL=$(FAULT_BROKER_URL) $(PY) scripts/fault_outbox.py $(FAULT_ARGS)
