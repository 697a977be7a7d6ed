# nianbao — `make setup` installs what the project needs, `make demo` runs the main job on the bundled
# sample portals, `make test` runs the checks. Every target is idempotent: a second run only does what is missing.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# Debian packages, one group a line (add a line for a new need). The virtualenv; git for the README test:
DEB_PACKAGES := python3 python3-venv git
# DOC/WPS/ODT/RTF/ODS conversion:
DEB_PACKAGES += libreoffice-writer-nogui libreoffice-calc-nogui
# OCR of scans:
DEB_PACKAGES += tesseract-ocr tesseract-ocr-chi-sim
# test fixtures (PDF pages as images), the browser test, CJK fonts for LibreOffice output:
DEB_PACKAGES += poppler-utils chromium fonts-noto-cjk
# the scrapy-redis cluster (make cluster-demo, tests/cluster):
DEB_PACKAGES += redis-server

.PHONY: setup test demo cluster-demo lint system venv clean

setup: system venv

venv: $(VENV)/.installed

# `system` first: on a fresh Debian, `python3 -m venv` needs python3-venv.
$(VENV)/.installed: pyproject.toml | system
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

# Debian packages for conversion, OCR and browser tests; idempotent and non-interactive.
system:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy parsers archive

test: setup lint
	$(VENV)/bin/pytest -q

# The demo writes its own archive, data/demo.db; its last line is the command that serves it.
demo: setup
	$(PY) -m nianbao_cli demo

# The scrapy-redis cluster on one machine: a local redis-server, the writer and two workers (README).
cluster-demo: setup
	$(PY) -m crawler.cluster.demo

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
