# make site: set up .venv and build the demonstration site into public/
# make test: set up .venv and run every test
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: site test setup check clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

setup: $(VENV)/.installed

site: setup
	$(PY) build.py build

check: setup
	$(PY) build.py check

test: setup
	$(PY) -m pytest -q tests

clean:
	rm -rf public .cache
