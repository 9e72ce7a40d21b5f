# Two entry points on a fresh machine: `make lab` (JupyterLab with the extension) and `make test`.
# Both create/refresh .venv and install the Python and npm dependencies themselves.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
export PATH := $(BIN):$(PATH)
PIP_INSTALL := $(BIN)/python -m pip install --disable-pip-version-check -q
CONFIG_D := $(VENV)/etc/jupyter/jupyter_server_config.d
STAMP := $(VENV)/.installed-stamp
PORT ?= 8888
# The oldest supported JupyterLab / Notebook / jupyter_server, in a second environment (`make test-oldest`).
OLDEST_VENV := .venv-oldest
OLDEST_BIN := $(CURDIR)/$(OLDEST_VENV)/bin
OLDEST_STAMP := $(OLDEST_VENV)/.installed-stamp
OLDEST_PINS := "jupyterlab==4.2.*" "notebook==7.2.*" "jupyter_server==2.4.*"
OLDEST_PORT ?= 8898

.PHONY: lab test install build test-js test-py test-ui test-oldest chromium bench clean screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) --upgrade pip

# Python deps, npm deps, an editable install whose labextension links to ./jupyterlab_checkpoints/labextension,
# and the server config (editable installs skip the wheel's shared data).
$(STAMP): $(BIN)/python pyproject.toml package.json
	$(PIP_INSTALL) "jupyterlab>=4.6,<5" hatchling hatch-jupyter-builder hatch-nodejs-version editables
	jlpm install
	$(PIP_INSTALL) --no-build-isolation -e ".[test]"
	jupyter labextension develop --overwrite .
	mkdir -p $(CONFIG_D)
	cp jupyter-config/server-config/jupyterlab_checkpoints.json $(CONFIG_D)/
	touch $(STAMP)

install: $(STAMP)

build: install
	jlpm build

# Root (containers, CI machines) needs --allow-root.
lab: build
	jupyter lab --port=$(PORT) $(if $(filter 0,$(shell id -u)),--allow-root,)

# Chromium for the UI tests; faketime moves a test server's clock (test_tiers_server.py).
chromium:
	@{ command -v chromium && command -v faketime; } >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium faketime >/dev/null; }

# Lint first (`jlpm lint` fixes most findings); jest still runs and writes its log when lint fails,
# and the target fails when either did.
test-js: install
	rc=0; jlpm lint:check || rc=1; \
	jlpm jest --ci 2>&1 | tee .test-js.log || rc=1; \
	exit $$rc

# ruff findings fail the target; pytest runs either way so its count is always in the summary.
test-py: install
	@rc=0; \
	$(BIN)/ruff check . && $(BIN)/ruff format --check . || rc=1; \
	$(BIN)/python -m pytest -q -p no:cacheprovider 2>&1 | tee .test-py.log || rc=1; \
	exit $$rc

test-ui: build chromium
	cd ui-tests && touch yarn.lock && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 jlpm install >/dev/null && \
	  jlpm playwright test 2>&1 | tee ../.test-ui.log

# The README's screenshots (docs/*.png); the test command leaves them alone.
screenshots: build chromium
	cd ui-tests && touch yarn.lock && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 jlpm install >/dev/null && \
	  UI_TEST_SCREENSHOTS=1 jlpm playwright test --project screenshots

# The package as users install it (a wheel-style install: the prebuilt labextension, the server config),
# beside the oldest supported versions. Rebuilt when the pins or the package metadata change.
$(OLDEST_STAMP): pyproject.toml package.json Makefile
	rm -rf $(OLDEST_VENV)
	$(PYTHON) -m venv $(OLDEST_VENV)
	$(OLDEST_BIN)/python -m pip install --disable-pip-version-check -q --upgrade pip
	$(OLDEST_BIN)/python -m pip install --disable-pip-version-check -q $(OLDEST_PINS) \
	  hatchling hatch-jupyter-builder hatch-nodejs-version \
	  orjson "pathspec>=0.12" cloudpickle dill numpy pandas "pytest>=7" "pytest-jupyter[server]>=0.6.0" pytest-timeout hypothesis
	touch $(OLDEST_STAMP)

# pytest and the @smoke UI tests (Notebook 7 preview/compare/restore cells) against the oldest environment.
# The labextension built for the newest JupyterLab is installed as is (skip-if-exists): the files users get.
# The wheel test's throw-away venv borrows this environment's packages but not JupyterLab 4.2's app
# folder, so 4.2's `labextension list` stops early there: the real install is checked here instead.
test-oldest: build chromium $(OLDEST_STAMP)
	@rc=0; \
	$(OLDEST_BIN)/python -m pip install --disable-pip-version-check -q --no-build-isolation --no-deps --force-reinstall . || rc=1; \
	$(OLDEST_BIN)/jupyter lab --version | sed 's/^/JupyterLab /'; \
	$(OLDEST_BIN)/python -c "import notebook, jupyter_server; print('Notebook', notebook.__version__, '/ jupyter_server', jupyter_server.__version__)"; \
	$(OLDEST_BIN)/jupyter labextension list 2>&1 | grep -E "jupyterlab-checkpoints v\S+ .*enabled.*OK" || rc=1; \
	cd $(CURDIR) && $(OLDEST_BIN)/python -m pytest -q -p no:cacheprovider jupyterlab_checkpoints/tests \
	  --deselect jupyterlab_checkpoints/tests/test_wheel.py::test_installed_wheel_is_enabled_and_ok \
	  2>&1 | tee .test-oldest-py.log || rc=1; \
	cd ui-tests && touch yarn.lock && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 jlpm install >/dev/null && \
	  UI_TEST_OLDEST_VENV=$(CURDIR)/$(OLDEST_VENV) UI_TEST_OLDEST_PORT=$(OLDEST_PORT) \
	  jlpm playwright test 2>&1 | tee ../.test-oldest-ui.log || rc=1; \
	exit $$rc

# Every suite runs even when an earlier one fails; the last line sums them all.
test: build chromium
	@rc=0; \
	$(MAKE) --no-print-directory test-js || rc=1; \
	$(MAKE) --no-print-directory test-py || rc=1; \
	$(MAKE) --no-print-directory test-ui || rc=1; \
	$(MAKE) --no-print-directory test-oldest || rc=1; \
	$(BIN)/python scripts/test_summary.py .test-js.log .test-py.log .test-ui.log \
	  .test-oldest-py.log .test-oldest-ui.log || rc=1; \
	exit $$rc

bench: build chromium
	$(BIN)/python scripts/bench_store.py
	$(BIN)/python scripts/bench_history.py
	$(BIN)/python scripts/bench_depth.py
	$(BIN)/python scripts/bench_folders.py
	$(BIN)/python scripts/bench_delta_server.py
	cd ui-tests && touch yarn.lock && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 jlpm install >/dev/null
	node scripts/bench_delta_page.js

clean:
	jlpm clean:all || true
	rm -rf $(VENV) $(OLDEST_VENV) node_modules ui-tests/node_modules .test-*.log
