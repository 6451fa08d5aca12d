# Clinic brochure builder. `make` sets everything up and builds every variant; `make test` tests.
# BRAND=name picks assets/brands/NAME.yaml (output goes to output/NAME/ unless it is the default).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BRAND  ?= default
OUT    := output$(if $(filter-out default,$(BRAND)),/$(BRAND))
TOOL   := $(BIN)/brochure --brand $(BRAND)
READY  := $(VENV)/.installed

# Everything a build reads: a change to any of these makes the outputs out of date.
INPUTS := content.yaml $(shell find assets brochure -type f \( -name '*.py' -o -name '*.yaml' -o -name '*.ttf' -o -name '*.png' -o -name '*.jpg' -o -name '*.svg' \) 2>/dev/null)
PDFS   := $(OUT)/patient-brochure.pdf $(OUT)/clinician-summary.pdf

.PHONY: all brochure summary check test clean previews lint
.DELETE_ON_ERROR:

all: $(PDFS)

# One process builds every out-of-date variant: ReportLab is imported and fonts parsed once.
$(PDFS) &: $(READY) $(INPUTS)
	$(BIN)/brochure build --brand $(BRAND)

$(READY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

brochure: $(READY)
	$(TOOL) build --variant brochure

summary: $(READY)
	$(TOOL) build --variant summary

check: $(READY)
	$(BIN)/brochure check --brand $(BRAND)

test: $(READY)
	$(BIN)/python -m pytest

lint: $(READY)
	$(BIN)/ruff check brochure tests tools

previews: $(READY) $(PDFS)
	$(BIN)/python tools/previews.py $(OUT) docs/previews

clean:
	rm -rf output
