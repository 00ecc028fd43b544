# Wirausaha: `make run` starts the application with demo data, `make test` runs the test suite.
# Both create the virtual environment and install what they need on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEV := DEBUG=True
# `make run` serves static files collected, fingerprinted and compressed (the tests keep plain files).
STATIC_AS_DEPLOYED := STATICFILES_BACKEND=wirausaha.common.storage.FingerprintedStaticFilesStorage WHITENOISE_USE_FINDERS=False
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint bench lock chromium worker duplicates clean api-fuzz nginx deploy-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# One stamp per set of extras: re-installs only when pyproject.toml or the lock changes.
$(VENV)/.installed-app: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -c requirements.lock -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed-app
	$(BIN)/pip install --quiet -c requirements.lock -e ".[test]"
	touch $@

run: $(VENV)/.installed-app
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py compile_translations
	$(DEV) $(BIN)/python manage.py load_reference
	$(DEV) $(BIN)/python manage.py seed_demo --if-empty
	@# Static files as production serves them: collected with fingerprinted names (cached for a
	@# year) and compressed (gzip, Brotli), served by WhiteNoise, not runserver (--nostatic).
	$(DEV) $(STATIC_AS_DEPLOYED) $(BIN)/python manage.py collectstatic --noinput -v 0
	@echo "Wirausaha: open http://$(HOST):$(PORT) and log in with a demo account above."
	@# The task worker (imports, certificates, notifications) and the duplicate check of new
	@# records run beside the server and stop with it.
	$(DEV) $(BIN)/python manage.py task_worker & worker=$$!; \
	  $(DEV) $(BIN)/python manage.py scan_duplicates --pending --loop & checker=$$!; \
	  trap 'kill $$worker $$checker 2>/dev/null' EXIT INT TERM; \
	  $(DEV) $(STATIC_AS_DEPLOYED) $(BIN)/python manage.py runserver --nostatic $(HOST):$(PORT)

# Background tasks (imports, certificates, notifications) alone; `make run` already starts one.
worker: $(VENV)/.installed-app
	$(DEV) $(BIN)/python manage.py task_worker

# The duplicate check of new, imported and corrected records alone; `make run` already starts one.
duplicates: $(VENV)/.installed-app
	$(DEV) $(BIN)/python manage.py scan_duplicates --pending --loop

test: $(VENV)/.installed-test chromium nginx
	$(BIN)/pytest $(PYTEST_ARGS)

# A longer schemathesis run over the whole API than CI's (tests/api/test_schemathesis.py).
api-fuzz: $(VENV)/.installed-test
	API_FUZZ_EXAMPLES=$${API_FUZZ_EXAMPLES:-500} $(BIN)/pytest -p no:cacheprovider tests/api/test_schemathesis.py $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The browser tests drive Debian's Chromium; install it when it is missing and we may.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser tests need Debian's Chromium: run 'sudo apt-get install chromium' once." >&2; exit 1; fi; \
	fi

# The deploy test (wirausaha/operations/tests/test_deploy.py) puts Debian's nginx in front of the
# Procfile's processes; install it when it is missing and we may.
nginx:
	@if [ ! -x /usr/sbin/nginx ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null; \
	  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo apt-get install -y -qq nginx-light >/dev/null; \
	  else echo "The deploy test needs Debian's nginx: run 'sudo apt-get install nginx-light' once." >&2; exit 1; fi; \
	fi

# The production recipe (deploy/) run on this machine against PostgreSQL: honcho with two web
# processes and two workers behind nginx, then a backup restored into a fresh database.
# DATABASE_URL=postgres://... (the tests create and drop their own databases beside it).
deploy-check: $(VENV)/.installed-test nginx
	@case "$${DATABASE_URL:-}" in postgres*) ;; *) echo "deploy-check needs DATABASE_URL=postgres://..." >&2; exit 1;; esac
	$(BIN)/pytest -p no:cacheprovider -v wirausaha/operations/tests/test_deploy.py wirausaha/operations/tests/test_backup.py

$(VENV)/.installed-bench: $(VENV)/.installed-test
	$(BIN)/pip install --quiet -c requirements.lock -e ".[test,bench]"
	touch $@

bench: $(VENV)/.installed-bench
	$(BIN)/python -m bench $(ONLY)

# Refresh the lock after changing dependencies in pyproject.toml.
lock: $(BIN)/python
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock && .venv-lock/bin/pip install --quiet -e ".[test]"
	(echo "# Exact versions of every package, direct and indirect, used with 'pip install -c'. Regenerate with 'make lock'."; \
	 .venv-lock/bin/pip freeze --exclude-editable) > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) var staticfiles test-artifacts
