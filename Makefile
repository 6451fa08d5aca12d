# Clinic brochure builder. `make` sets everything up and builds every variant; `make test` tests.
#   BRAND=name   use assets/brands/NAME.yaml (output goes to output/NAME/ unless it is the default)
#   LOCALE=es    build the content.es.yaml edition into output/es/ (not LANG: the shell sets that)
#   LEAFLET=name work on leaflets/NAME/ only (outputs in output/NAME/); without it, `make` also
#                builds every leaflet of the library in every language, and the catalogue
#   JOBS=n       worker processes for every build (default: one per processor the build may use)
#   PDFX=x-1a    make press: PDF/X-1a (no transparency) instead of the brand's standard (x-4)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BRAND  ?= default
LOCALE ?=
LEAFLET ?=
BRAND_OUT := output$(if $(LEAFLET),/$(LEAFLET))$(if $(filter-out default,$(BRAND)),/$(BRAND))
OUT    := $(BRAND_OUT)$(if $(LOCALE),/$(LOCALE))
ARGS   := --brand $(BRAND)$(if $(LOCALE), --locale $(LOCALE))$(if $(LEAFLET), --leaflet $(LEAFLET))
TOOL   := $(BIN)/brochure
BUILD  := $(TOOL) build$(if $(JOBS), --jobs $(JOBS))
INSTALLED := $(VENV)/.installed
READY  := $(VENV)/.compiled

# Everything a build reads: a change to any of these makes the outputs out of date. The tool
# writes what it actually read, and the outputs this content makes (BROCHURE_OUTPUTS), to
# $(OUT)/.deps.mk; before the first build, the guesses below stand in for it.
DEPS   := $(OUT)/.deps.mk
-include $(DEPS)
.DEFAULT_GOAL := all
INPUTS := $(if $(wildcard $(DEPS)),,$(wildcard content*.yaml) $(shell find assets brochure -type f 2>/dev/null))
# A translation has no clinician summary (it stays English-only).
# The variants, as the registry declares them (each brochure/variants/*.py names one).
VARIANTS := $(shell sed -n 's/^ *name="\([a-z-]*\)",$$/\1/p' brochure/variants/*.py)
PDFS   := $(or $(BROCHURE_OUTPUTS),$(addprefix $(OUT)/,patient-brochure.pdf $(if $(LOCALE),,clinician-summary.pdf) patient-booklet.pdf patient-brochure-large-print.pdf patient-brochure.html))
LOCALES := $(patsubst content.%.yaml,%,$(wildcard content.*.yaml))

.PHONY: all $(VARIANTS) print-variants golden press check test lint clean previews all-brands all-languages release diff watch serve bench bench-library preflight
# The tool switches the whole set of outputs in at once, only when all of them are good, so
# make must never delete an output itself: not after a failed build (a typo in content.yaml)
# and not on Ctrl-C, when the files on disk are whole.
.PRECIOUS: $(PDFS)

# The rest of the library (leaflets/*), every language, and the catalogue: rebuilt when any
# file it can read changes (the tool itself skips every output whose inputs did not change).
LIBRARY := $(if $(LEAFLET)$(LOCALE),,$(if $(wildcard leaflets/*/content.yaml),output/.library-$(BRAND)))

all: $(PDFS) $(LIBRARY)

# --preflight: the build then preflights every folder it wrote (output/NAME/[BRAND/][LANG/]),
# in its own process; what did not change since it was last checked is not read again.
$(LIBRARY): $(READY) $(wildcard content*.yaml) $(shell find leaflets assets brochure -type f 2>/dev/null)
	$(BUILD) --library --brand $(BRAND) --preflight
	@touch $@

# One process builds every out-of-date variant: ReportLab is imported and fonts parsed once,
# and the tool skips (and touches) outputs whose inputs did not change.
# The preflight then reads what was built and warns (it fails only `make release`).
$(PDFS) &: $(READY) $(INPUTS)
	$(BUILD) $(ARGS) --preflight

# The editable install is a plain path (.pth, "compat"), not setuptools' import hook, which
# every process imported at start-up (10 ms of each command).
$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]' --config-settings editable_mode=compat
	@touch $@

# The package's bytecode is compiled here after any change to it, and the methods its
# dataclasses generate, the code of the patterns it compiles and the English syllable counts
# are kept beside it (adapters/dataclasses.py, adapters/regex.py, adapters/textstat.py): where
# Python may not
# write bytecode (PYTHONDONTWRITEBYTECODE), every run compiled every edited module again, a
# tenth of a cold build.
$(READY): $(INSTALLED) $(shell find brochure -name '*.py' 2>/dev/null)
	$(BIN)/python -m compileall -q brochure
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -c 'import brochure; from brochure.adapters.textstat import pronunciations; pronunciations("en")'
	@touch $@

$(VARIANTS): $(READY)
	$(BUILD) $(ARGS) --variant $@

print-variants:
	@echo $(VARIANTS)

press: $(READY)
	$(BUILD) $(ARGS) --press$(if $(PDFX), --pdfx $(PDFX)) --preflight

# Every finding in the PDFs of the current build, one located line each (warnings: exit 0).
preflight: $(READY)
	$(TOOL) preflight $(OUT)

# The whole matrix: every leaflet x brand x language x variant, in parallel processes.
all-brands: $(READY)
	$(BUILD) --library --all-brands --preflight

all-languages: $(READY)
	$(BUILD) --brand $(BRAND)
	$(foreach l,$(LOCALES),$(BUILD) --brand $(BRAND) --locale $(l) &&) true
	$(TOOL) preflight $(BRAND_OUT) $(foreach l,$(LOCALES),$(BRAND_OUT)/$(l))

# What goes to print: every warning (stale translation, review date, unapproved edit) is an error.
release: $(READY)
	$(TOOL) check --brand $(BRAND) --strict
	$(BUILD) --brand $(BRAND) --strict
	$(foreach l,$(LOCALES),$(BUILD) --brand $(BRAND) --locale $(l) --strict &&) true
	$(TOOL) preflight --strict $(BRAND_OUT) $(foreach l,$(LOCALES),$(BRAND_OUT)/$(l))

diff: $(READY)
	$(BUILD) $(ARGS)
	$(TOOL) diff $(ARGS)

watch: $(READY)
	$(TOOL) watch $(ARGS)

# A local web page: every variant's pages, rebuilt on each save; brand editor; content panel.
serve: $(READY)
	$(TOOL) serve $(ARGS)

# Every problem of every leaflet and translation at once (LEAFLET=name: that one only).
check: $(READY)
	$(TOOL) check $(ARGS)$(if $(LEAFLET)$(LOCALE),, --library)

test: lint
	$(BIN)/python -m pytest

lint: $(READY)
	$(BIN)/ruff check brochure tests tools bench
	$(BIN)/ruff format --check brochure tests tools bench
	$(BIN)/mypy brochure

previews: $(PDFS)
	$(BIN)/python tools/previews.py $(OUT) docs/previews

# Semantic snapshots of every variant, brand and language (tests/golden/): regenerate after a
# deliberate layout change and review the diff; `make test` compares against them. They are
# of the frozen sample leaflet in tests/fixtures/stem-cell, not of content.yaml, so editing
# the project's own leaflet changes no snapshot.
BRAND_NAMES := $(basename $(notdir $(wildcard assets/brands/*.yaml)))
GOLDEN_LEAFLET := tests/fixtures/stem-cell
golden: $(READY)
	rm -rf .cache/golden
	$(foreach b,$(BRAND_NAMES),$(BUILD) --root $(GOLDEN_LEAFLET) --brand $(b) --out .cache/golden/$(b) --today 2026-12-01 &&) true
	$(BUILD) --root $(GOLDEN_LEAFLET) --locale es --out .cache/golden/default-es --today 2026-12-01
	rm -rf tests/golden && $(BIN)/python tools/golden.py .cache/golden tests/golden

# The peers the benchmark compares with live in their own environment, never the product's.
# WeasyPrint needs Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0).
BENCH_VENV := .bench-venv
$(BENCH_VENV)/.installed: bench/peers.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --disable-pip-version-check -r bench/peers.txt
	@touch $@

bench: $(READY) $(BENCH_VENV)/.installed
	$(BIN)/python bench/run.py

# The library at scale (LEAFLETS=50 BRANDS=10 by default; smaller for a quick look).
bench-library: $(READY)
	$(BIN)/python bench/library.py

clean:
	rm -rf output
