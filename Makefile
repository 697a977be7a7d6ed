# nianbao — `make demo` runs the main job on the bundled sample portals, `make test` runs the checks.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
DEB_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui tesseract-ocr tesseract-ocr-chi-sim poppler-utils chromium fonts-noto-cjk redis-server

.PHONY: test demo cluster-demo lint system venv clean

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
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

test: system venv lint
	$(VENV)/bin/pytest -q

demo: system venv
	$(PY) -m nianbao_cli demo

# The scrapy-redis cluster on one machine: a local redis-server, the writer and two workers (README).
cluster-demo: system venv
	$(PY) -m crawler.cluster.demo

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
