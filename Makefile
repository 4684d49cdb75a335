# Every target creates or refreshes the local virtual environment it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed
UPSTREAM ?= ../shared/upstream/openai-openapi.yaml
GEN_OUT ?= openai_finetunes
GENERATED := api models client.py errors.py types.py __init__.py _facts.py
HANDWRITTEN := openai_finetunes bench tests openapi/subset.py openapi/facts.py

.PHONY: help venv spec generate check-generated lint test demo bench chaos clean

help:
	@echo "make demo | test | spec UPSTREAM=<path or URL> | generate | check-generated | lint | bench | chaos"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

venv: $(STAMP)

# Extract the fine-tuning subset from OpenAI's full description and apply the overlay.
spec: $(STAMP)
	$(BIN)/python openapi/subset.py $(UPSTREAM) $(if $(OUT),--out $(OUT))

# Regenerate the client from openapi/openai-finetunes.yaml (hand-written modules survive).
generate: $(STAMP)
	PATH=$(BIN):$$PATH $(BIN)/openapi-python-client generate \
		--path openapi/openai-finetunes.yaml --config generator-config.yml \
		--custom-template-path openapi/templates --meta none --fail-on-warning \
		--output-path $(GEN_OUT) --overwrite
	$(BIN)/python openapi/facts.py > $(GEN_OUT)/_facts.py
	$(BIN)/ruff format --isolated --quiet --line-length 120 $(GEN_OUT)/_facts.py

# Regenerate into a temporary folder and fail on any difference from what is committed.
check-generated: $(STAMP)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(MAKE) --no-print-directory -s generate GEN_OUT=$$tmp/out >/dev/null && \
	status=0 && for item in $(GENERATED); do \
		diff -r -x __pycache__ "$$tmp/out/$$item" "openai_finetunes/$$item" >/dev/null || { \
			echo "check-generated: openai_finetunes/$$item differs from the generator's output" >&2; status=1; }; \
	done && \
	for item in $$(ls $$tmp/out); do case " $(GENERATED) " in *" $$item "*) ;; *) \
		echo "check-generated: unexpected generated file $$item" >&2; status=1;; esac; done && \
	if [ $$status -eq 0 ]; then echo "check-generated: generated client is up to date"; fi; exit $$status

lint: $(STAMP)
	$(BIN)/ruff check $(HANDWRITTEN)
	$(BIN)/ruff format --check $(HANDWRITTEN)
	$(BIN)/mypy openai_finetunes

test: $(STAMP) check-generated lint
	$(BIN)/python -m pytest -q

demo: $(STAMP)
	$(BIN)/python -m openai_finetunes demo $(if $(LIVE),--live)

bench: $(STAMP)
	$(BIN)/python -m bench

chaos: $(STAMP)
	$(BIN)/python -m bench.chaos --jobs 200 --fault-rate 0.3

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist
