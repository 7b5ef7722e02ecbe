"""A local, semantic sentence embedding for short texts, with numpy and ``tokenizers`` only.

The model is a static (model2vec-style) distillation of the all-MiniLM-L6-v2 sentence model,
made offline by ``scripts/distill_text_model.py`` and shipped under ``lookalike/data/text_model``:
``tokenizer.json`` is the model's own WordPiece tokenizer and row ``i`` of ``embeddings.npy`` is
the (PCA-reduced, SIF-weighted) vector of token id ``i``. A text's vector is the mean of its token
vectors, special and unknown tokens left out, scaled to unit length. No torch, no network: one
batch of texts costs one Rust tokenizer call and a few numpy operations.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from itertools import chain

import numpy as np
from numpy.typing import NDArray
from tokenizers import Tokenizer

FloatArray = NDArray[np.float32]

MAX_TOKENS = 256
"""Tokens kept per text (after the first ``MAX_TOKENS``, the rest of a text is ignored)."""

_CHUNK = 8192


class TextModel:
    """Static token-vector sentence embedding: tokenise, average the kept token vectors, normalise.

    ``vectors`` has one row per token id of ``tokenizer``; ``dims`` is its width. Tokens the
    tokenizer marks special (``[CLS]``, ``[SEP]``, ``[PAD]``, ``[MASK]``) and ``[UNK]`` are
    never pooled.
    """

    def __init__(
        self, tokenizer: Tokenizer, vectors: NDArray[np.floating], max_tokens: int = MAX_TOKENS
    ) -> None:
        if vectors.ndim != 2 or vectors.shape[0] < tokenizer.get_vocab_size(with_added_tokens=True):
            raise ValueError(
                f"vectors of shape {vectors.shape} do not cover the tokenizer's "
                f"{tokenizer.get_vocab_size(with_added_tokens=True)} token ids"
            )
        if max_tokens < 1:
            raise ValueError(f"max_tokens must be at least 1, got {max_tokens}")
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=max_tokens)
        self._tokenizer = tokenizer
        self._vectors: FloatArray = np.ascontiguousarray(vectors, dtype=np.float32)
        keep = np.ones(self._vectors.shape[0], dtype=bool)
        for token in tokenizer.get_added_tokens_decoder().values():
            if token.special:
                keep[tokenizer.token_to_id(token.content)] = False
        unknown = tokenizer.token_to_id("[UNK]")
        if unknown is not None:
            keep[unknown] = False
        self._keep: NDArray[np.bool_] = keep
        self.dims: int = int(self._vectors.shape[1])
        self.max_tokens = max_tokens

    def embed(self, texts: Sequence[str]) -> FloatArray:
        """Unit-length float32 vectors, one row per text; a row of zeros for a text with no tokens.

        Texts are lower-cased and split into WordPiece tokens by the model's tokenizer; at most
        ``max_tokens`` tokens of each text are used. Work is done in chunks, so memory stays bounded
        for any number of texts.
        """
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        for start in range(0, len(texts), _CHUNK):
            chunk = list(texts[start : start + _CHUNK])
            out[start : start + len(chunk)] = self._embed_chunk(chunk)
        return out

    def _embed_chunk(self, texts: list[str]) -> FloatArray:
        encodings = self._tokenizer.encode_batch(texts, add_special_tokens=False)
        lengths = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(texts))
        ids = np.fromiter(
            chain.from_iterable(e.ids for e in encodings), dtype=np.int64, count=int(lengths.sum())
        )
        owner = np.repeat(np.arange(len(texts)), lengths)
        kept = self._keep[ids]
        ids, owner = ids[kept], owner[kept]
        result = np.zeros((len(texts), self.dims), dtype=np.float32)
        if ids.size == 0:
            return result
        # ``owner`` is sorted, so each text's kept tokens form one run: sum every run at once.
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        sums = np.add.reduceat(self._vectors[ids], starts, axis=0)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        np.divide(sums, norms, out=sums, where=norms > 0)
        result[owner[starts]] = sums
        return result


@cache
def text_model() -> TextModel:
    """The shipped distilled all-MiniLM-L6-v2 static model, loaded once from the package data."""
    folder = resources.files("lookalike") / "data" / "text_model"
    tokenizer = Tokenizer.from_str((folder / "tokenizer.json").read_text(encoding="utf-8"))
    with resources.as_file(folder / "embeddings.npy") as path:
        vectors = np.load(path)
    return TextModel(tokenizer, vectors)
