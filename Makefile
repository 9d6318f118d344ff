# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install lint migrations-check serve

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

install: $(VENV)/.installed

demo: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo --if-empty
	@echo "MilanPartner is on http://$(HOST):$(PORT)/ — demo accounts in README.md"
	$(PY) manage.py runserver $(HOST):$(PORT)

# Celery runs eagerly in the suite even when REDIS_URL points at a real Redis;
# the tests that need a real worker start one themselves.
test: install
	CELERY_TASK_ALWAYS_EAGER=true $(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run
