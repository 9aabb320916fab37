# Every target sets itself up: `make demo` and `make test` work as the first command on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= reviews.duckdb
SAMPLES := $(wildcard corpora/sample/*.pdf)

.PHONY: setup demo test eval bench reliability pfd-layouts train samples scale-corpus screenshot clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Rebuilt (with --force: the code changed, not the files) when the samples, code or models change.
$(DB): $(STAMP) $(SAMPLES) $(wildcard extract/*.py extract/sql/*.sql extract/sql/views/*.sql models/* models/*/*)
	$(BIN)/scr ingest corpora/sample --db $(DB) --force
	touch $(DB)

demo: $(DB)
	$(BIN)/scr sql "select review_id, review_type, published_year, page_count, title from reviews order by published_year" --db $(DB)
	$(BIN)/scr sql "select theme, theme_label, reviews, findings, recommendations, first_year, last_year from recurring_themes limit 8" --db $(DB)
	$(BIN)/scr sql "select a.agency_type, t.label, count(distinct a.review_id) as reviews, sum(a.mentions) as mentions from agencies a left join agency_types t on t.code = a.agency_type group by 1, 2 order by 3 desc, 4 desc limit 8" --db $(DB)
	$(BIN)/scr search "was not brought" --limit 3 --db $(DB)

test: $(STAMP)
	$(BIN)/python -m pytest

eval: $(STAMP)
	$(BIN)/python -m extract.evaluation

bench: $(STAMP)
	$(BIN)/python -m extract.bench

# Every hostile input at once into a database of good reviews, a reader polling, kill -9 of the writer:
# the README's reliability figures (about 40 s).
reliability: $(STAMP)
	$(BIN)/python tests/reliability.py

# Rebuild the theme classifier (models/theme_classifier/) from corpora/themes/ and ../shared:
# deterministic (fixed seed in models/theme_training.cfg), a few minutes on 2 cores.
train: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,train]'
	$(BIN)/python -m extract.theme_train

N ?= 200
scale-corpus: $(STAMP)
	$(BIN)/python corpora/scale.py --n $(N) --out build/scale

# The coroners' reports of ../shared rendered in six producer layouts, two of each scanned (image only), and two newer layouts measured apart; gold beside each (build/, never committed).
pfd-layouts: $(STAMP)
	$(BIN)/python corpora/render_pfd.py --layouts --scans --out build/pfd_layouts

# The README's picture: the sample database's report in headless Chromium (by the browser test).
screenshot: $(DB)
	SCR_REPORT_DB=$(DB) SCR_SCREENSHOT=docs/report.png $(BIN)/python -m pytest tests/test_report.py -k test_screenshot

samples: $(STAMP)
	$(BIN)/python corpora/generate.py

clean:
	rm -rf $(DB) $(DB).wal build .pytest_cache
