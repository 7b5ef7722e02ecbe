"""Train the title-to-occupation classifier shipped in ``src/lookalike/data/title_classifier``.

A :mod:`lookalike.taxonomy.text_classifier` (one-vs-rest logistic regression over character
2-4-gram and word 1-2-gram TF-IDF features) of every title of the occupation lookup's vocabulary
(O*NET 27.0 occupation and alternate titles, with the lookup's hold-out and the hand-labelled
evaluation titles left out, exactly as ``lookalike.taxonomy.occupations`` leaves them out), each
labelled with its O*NET-SOC code. Each occupation keeps its 1,000 weights of largest magnitude (on
held-out O*NET titles that loses nothing and keeps the file small).

Run from the repository root; it takes a few minutes on two cores and is deterministic:

    python scripts/train_title_classifier.py

Data: O*NET 27.0 Database by the U.S. Department of Labor, Employment and Training Administration
(USDOL/ETA), used under the CC BY 4.0 licence (see NOTICE).
"""

from __future__ import annotations

import time

from lookalike.taxonomy.occupations import vocabulary_entries
from lookalike.taxonomy.text_classifier import train_text_classifier
from lookalike.taxonomy.title_classifier import MODEL_FILE, title_text

KEPT_WEIGHTS = 1000  # per occupation
ALPHA = 2e-6
EPOCHS = 12


def main() -> None:
    started = time.perf_counter()
    titles, soc_codes = vocabulary_entries()
    texts = [title_text(title) for title in titles]
    model = train_text_classifier(texts, soc_codes, ALPHA, EPOCHS, KEPT_WEIGHTS)
    width = model.features.width
    print(f"{len(texts):,} titles, {len(model.classes):,} occupations, {width:,} features")
    model.save(MODEL_FILE)
    seconds = time.perf_counter() - started
    print(f"wrote {MODEL_FILE} ({MODEL_FILE.stat().st_size / 1e6:.1f} MB) in {seconds:.0f} s")


if __name__ == "__main__":
    main()
