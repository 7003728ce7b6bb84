# Every target sets up what it needs on a fresh machine (Python 3.11 with pip); see README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_VENV := .venv-demo
CONFIG ?=

.PHONY: test demo bench-pacing bench-throughput image-test clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

$(DEMO_VENV)/bin/.installed: demo/requirements.txt
	$(PYTHON) -m venv $(DEMO_VENV)
	$(DEMO_VENV)/bin/pip install --quiet --upgrade pip
	$(DEMO_VENV)/bin/pip install --quiet -r demo/requirements.txt
	touch $@

## make test: install the connector and its test tools into .venv, then run every test.
test: $(BIN)/.installed
	$(BIN)/python -m pytest

## make demo [CONFIG=path/to/config.json]: sync every stream into DuckDB through PyAirbyte.
## Without CONFIG it syncs from a local ShipStation sandbox; with CONFIG, from that real account.
demo: $(BIN)/.installed $(DEMO_VENV)/bin/.installed
	$(DEMO_VENV)/bin/python demo/run_demo.py --connector $(BIN)/source-shipstation --sandbox-python $(BIN)/python $(if $(CONFIG),--config $(CONFIG),)

## make bench-pacing: wall time against the rate-limit bound, 429s and records/s at 0, 1 and 3 s latency.
bench-pacing: $(BIN)/.installed
	$(BIN)/python benchmarks/pacing.py

## make bench-throughput: records/s and peak memory of the connector against a raw requests loop.
bench-throughput: $(BIN)/.installed
	$(BIN)/python benchmarks/throughput.py

## make image-test: build the image with podman (or docker) and run spec/check/discover/read in it.
image-test: $(BIN)/.installed
	bash scripts/image_test.sh

clean:
	rm -rf $(VENV) $(DEMO_VENV) .cache demo-output
