"""How alike seeds are in what they do: the similarity their clusters are cut by.

Seeds are grouped by their role signals only, not by whole vectors: the employer's industry, size
and country are in a contact's vector, and five nurses at five unlike employers are still one
persona.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from lookalike.domain import EntityKind
from lookalike.engine.features import COMPANY_LAYOUT, CONTACT_LAYOUT
from lookalike.engine.generation import KindData

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# What an entity does: seeds are grouped into clusters by these alone, so five nurses at five
# unlike employers stay one cluster while sales VPs and CFOs split. Contacts add their titles'
# occupation votes.
ROLE_BLOCKS = {
    EntityKind.CONTACTS: ("title", "department"),
    EntityKind.COMPANIES: ("description", "industry"),
}


# Seeds this similar in what they do (average linkage over ``seed_similarity``) form one cluster.
JOIN_SIMILARITY = {EntityKind.CONTACTS: 0.35, EntityKind.COMPANIES: 0.25}


def seed_similarity(
    kind: EntityKind, data: KindData, seed_rows: IntArray, vectors: NDArray[np.float32]
) -> FloatArray:
    """The seeds' pairwise similarity in what they do: the mean cosine of their role signals.

    A pair is compared on the signals both of its seeds have (a company without an industry code
    is compared on its text alone); a pair sharing none has similarity 0.
    """
    layout = CONTACT_LAYOUT if kind is EntityKind.CONTACTS else COMPANY_LAYOUT
    parts = [unit_cosines(vectors[:, layout.slice_of(name)]) for name in ROLE_BLOCKS[kind]]
    title_rows = data.columns.get("title_row")
    if data.occupations is not None and title_rows is not None:
        seed_titles = np.asarray(title_rows[seed_rows], dtype=np.int64)
        parts.append(unit_cosines(data.occupations.dense(seed_titles)))
    total = np.zeros((len(seed_rows), len(seed_rows)))
    present = np.zeros_like(total)
    for cosines, both in parts:
        total += np.where(both, cosines, 0.0)
        present += both
    return np.where(present > 0, total / np.maximum(present, 1), 0.0)


def unit_cosines(rows: NDArray[np.float32]) -> tuple[FloatArray, NDArray[np.bool_]]:
    """Pairwise cosines of rows, and which pairs have both rows non-zero."""
    norms = np.linalg.norm(rows, axis=1)
    units = rows / np.where(norms > 0, norms, 1.0)[:, None]
    has = norms > 0
    return (units @ units.T).astype(np.float64), has[:, None] & has[None, :]
