# Two commands: `make run` (set up everything and serve the demo) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1:8000
# The address links in e-mails point to; `make run HOST=0.0.0.0:8080 SITE_URL=http://bkd.example`
# when the app is reached under another name.
SITE_URL ?= http://$(HOST)
export SITE_URL

.PHONY: run test install migrate demo lint typecheck bench worker beat clean faults

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --disable-pip-version-check -r requirements-dev.txt 2>&1 | grep -v "is ignored" || true
	$(PY) -c "import django, celery, pandas" 
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py demo --jika-kosong

run: demo
	$(PY) manage.py demo --akun
	$(PY) manage.py runserver $(HOST)

test: install
	$(VENV)/bin/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

# mypy with django-stubs over the modules listed in mypy.ini (strict for the Django-free ones).
typecheck: install
	$(VENV)/bin/mypy

# The mutasi area times approvals through a real worker on its own Redis database.
BENCH_CELERY_BROKER_URL ?= redis://127.0.0.1:6379/9
export BENCH_CELERY_BROKER_URL

bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

# Fault scripts (docs/faults.md): private PostgreSQL + Redis on free ports, ~80 s.
faults: install
	$(PY) -m faults all

worker: install
	$(VENV)/bin/celery -A config worker -l info -P solo --without-gossip --without-mingle

beat: install
	$(VENV)/bin/celery -A config beat -l info

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
