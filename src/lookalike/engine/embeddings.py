"""Small vector vocabularies: hashed trait vectors and the precomputed text embeddings we ship.

The NAICS-title vectors under ``lookalike/data/embeddings`` were made offline by
``scripts/build_embeddings.py``; this module only reads them with numpy, so no model, torch or
network is needed at run time (free text goes through :mod:`lookalike.text_model`). Every vector
returned is float32.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float32]


def unit_or_zero(vector: NDArray[np.floating]) -> FloatArray:
    """``vector`` scaled to length 1, or left at zero when it has no length."""
    norm = float(np.linalg.norm(vector))
    result = np.asarray(vector, dtype=np.float32)
    return result / norm if norm > 0 else result


@lru_cache(maxsize=200_000)
def hashed_unit(key: str, dims: int) -> FloatArray:
    """A fixed pseudo-random unit vector for ``key``; different keys are nearly orthogonal."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    rng = np.random.default_rng(int.from_bytes(digest, "little"))
    vector = rng.standard_normal(dims).astype(np.float32)
    vector.setflags(write=False)
    return unit_or_zero(vector)


def ordinal_vector(position: float, levels: int, dims: int, width: float = 0.7) -> FloatArray:
    """Encode an ordinal level: neighbouring levels close, distant ones nearly orthogonal.

    Gaussian bumps at ``dims`` evenly spaced centres; with 10 levels in 6 dimensions neighbours
    have cosine 0.85, levels two apart 0.54, three apart 0.24, five apart ~0.
    """
    centres = np.linspace(0.0, levels - 1.0, dims)
    spacing = width * (levels - 1.0) / max(dims - 1, 1)
    bumps = np.exp(-0.5 * ((position - centres) / spacing) ** 2)
    return unit_or_zero(bumps)


@dataclass(frozen=True, slots=True)
class CodeVectors:
    """Vectors keyed by a code (SOC, NAICS, word), PCA-ordered: leading dimensions mean most."""

    index: dict[str, int]
    vectors: FloatArray

    def get_or_none(self, code: str, dims: int) -> FloatArray | None:
        """The first ``dims`` components of ``code``'s vector, normalised; None when unknown."""
        row = self.index.get(code)
        if row is None:
            return None
        return unit_or_zero(self.vectors[row, :dims])


def _embeddings_dir() -> Path:
    return Path(str(resources.files("lookalike") / "data" / "embeddings"))


def _load_code_vectors(stem: str) -> CodeVectors | None:
    folder = _embeddings_dir()
    vectors_path, codes_path = folder / f"{stem}.npy", folder / f"{stem}.codes.json"
    if not vectors_path.exists() or not codes_path.exists():
        return None
    codes: list[str] = json.loads(codes_path.read_text(encoding="utf-8"))
    vectors = np.load(vectors_path, allow_pickle=False).astype(np.float32)
    return CodeVectors({code: row for row, code in enumerate(codes)}, vectors)


@cache
def naics_vectors() -> CodeVectors | None:
    """Shipped NAICS-title vectors keyed by NAICS code (2-6 digits), if present."""
    return _load_code_vectors("naics")
