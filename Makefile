# Every target sets itself up: `make demo` and `make test` work as the first command on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= reviews.duckdb
SAMPLES := $(wildcard corpora/sample/*.pdf)

.PHONY: setup demo test eval bench samples scale-corpus clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(DB): $(STAMP) $(SAMPLES) $(wildcard extract/*.py extract/sql/*.sql extract/sql/views/*.sql models/*)
	$(BIN)/scr ingest corpora/sample --db $(DB)
	touch $(DB)

demo: $(DB)
	$(BIN)/scr sql "select review_id, review_type, published_year, page_count, title from reviews order by published_year" --db $(DB)
	$(BIN)/scr sql "select r.review_type, count(*) as sections, max(s.level) as deepest from sections s join reviews r using (review_id) group by 1 order by 1" --db $(DB)

test: $(STAMP)
	$(BIN)/python -m pytest

eval: $(STAMP)
	$(BIN)/python -m extract.evaluation

bench: $(STAMP)
	$(BIN)/python -m extract.bench

N ?= 200
scale-corpus: $(STAMP)
	$(BIN)/python corpora/scale.py --n $(N) --out build/scale

samples: $(STAMP)
	$(BIN)/python corpora/generate.py

clean:
	rm -rf $(DB) $(DB).wal build .pytest_cache
