"""Build a new index generation from the store and swap it in atomically.

Readers keep answering from the old generation until ``CURRENT`` is replaced; a generation directory
is written completely (under a temporary name, then renamed) before it is published. A build
deletes the partial generations of killed builds first, and publishing keeps the new generation and
the one before it (see :mod:`lookalike.engine.generation`).
"""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa
from numpy.typing import NDArray

from lookalike.domain import Company
from lookalike.engine.activities import ACTIVITIES, activity_matrix
from lookalike.engine.columns import Vocabularies, company_columns, contact_columns, trait_counts
from lookalike.engine.contact_batches import ContactEncoder, VectorSink
from lookalike.engine.features import (
    COMPANY_LAYOUT,
    CONTACT_LAYOUT,
    company_text,
    company_vector,
    contact_company_part,
    english_title,
    normalise_rows,
)
from lookalike.engine.generation import (
    DESCRIPTIONS_FILE,
    FORMAT_VERSION,
    OCCUPATIONS,
    TOPICS_FILE,
    current_generation_path,
    partial_generation,
    publish_generation,
    remove_abandoned_partials,
    write_kind,
)
from lookalike.engine.index import VECTORS_FILE, build_vector_index
from lookalike.engine.postings import Postings
from lookalike.engine.terms import TERMS, TermMatrix, fit_terms, fit_topics
from lookalike.settings import Settings
from lookalike.store import entities
from lookalike.taxonomy.naics_inference import infer_naics
from lookalike.taxonomy.occupations import occupation_codes
from lookalike.text_model import text_model

# Leading dimensions of a company's text embedding kept for reranking: as good as all 256 on the
# labelled data (docs/quality.md), half the work and the file.
DESCRIPTION_DIMS = 128
# A contact is listed under its title's heaviest words and occupation votes only: a few entries
# per contact, however many millions there are.
TITLE_ENTRIES_LISTED = 3
Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while a build runs (e.g. to drive a progress bar)."""
# The stages a build reports, in order: those whose work grows with the companies, then with the
# contacts (``lookalike bench`` scales each by its own count), then publishing.
COMPANY_STAGES = ("companies", "company text", "company index", "company activities")
CONTACT_STAGES = (
    "contact setup",
    "contacts",
    "contact index",
    "title terms",
    "title occupations",
)
PUBLISHED = "published"


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def build_index(
    settings: Settings, store_engine: sa.Engine, progress: Progress | None = None
) -> Path:
    """Build a generation of every company and contact in the store, publish it, return its path."""
    report = progress or _no_progress
    started = time.monotonic()
    index_dir = settings.index_dir
    index_dir.mkdir(parents=True, exist_ok=True)
    with store_engine.connect() as conn:
        version = entities.universe_version(conn)
        n_companies, n_contacts = entities.count_entities(conn)
    # Builds killed earlier left their partial generations behind: nothing else deletes them.
    remove_abandoned_partials(index_dir)
    # Names sort in build order: the pruning of old generations relies on it.
    name = f"gen-{time.time_ns():020d}-{secrets.token_hex(4)}"
    with partial_generation(index_dir, name) as partial:
        vocab = Vocabularies()
        companies, company_cols = _build_companies(
            store_engine, partial, vocab, settings.index.kind, n_companies, report
        )
        contact_cols, title_work = _build_contacts(
            store_engine,
            partial,
            vocab,
            companies,
            company_cols,
            settings.index.kind,
            n_contacts,
            report,
        )
        elapsed = time.monotonic() - started
        _write_metadata(partial, version, settings.index.kind, vocab, (company_cols, contact_cols))
        _record_build_figures(partial, elapsed, title_work)
        final = index_dir / name
        os.replace(partial, final)
    publish_generation(index_dir, final)
    report(PUBLISHED, 1, 1)
    return final


def index_is_current(settings: Settings, store_engine: sa.Engine) -> bool:
    """Whether the live generation is of this version's format and the store's universe version."""
    path = current_generation_path(settings.index_dir)
    if path is None:
        return False
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("format_version") != FORMAT_VERSION:
        return False
    with store_engine.connect() as conn:
        return int(manifest["universe_version"]) == entities.universe_version(conn)


def _build_companies(
    engine: sa.Engine, folder: Path, vocab: Vocabularies, kind: str, total: int, report: Progress
) -> tuple[list[Company], dict[str, NDArray[Any]]]:
    companies: list[Company] = []
    for batch in entities.iter_company_rows(engine):
        companies.extend(entities.company_from_row(dict(row._mapping)) for row in batch)
        report("companies", len(companies), total)
    report("company text", 0, 1)
    texts = [company_text(c) for c in companies]
    descriptions = text_model().embed(texts)
    missing = [row for row, c in enumerate(companies) if not c.naics]
    inferred = infer_naics(descriptions[missing]) if missing else []
    for row, code in zip(missing, inferred, strict=True):
        if code is not None:
            companies[row] = dataclasses.replace(companies[row], naics=code)
    vectors = [company_vector(c, d, c.naics) for c, d in zip(companies, descriptions, strict=True)]
    matrix = np.stack(vectors) if vectors else np.zeros((0, COMPANY_LAYOUT.dims), np.float32)
    columns = company_columns(companies, vocab)
    report("company index", 0, 1)
    index = build_vector_index(matrix, kind)
    target = folder / "companies"
    write_kind(target, [c.company_id for c in companies], columns, index)
    kept = normalise_rows(descriptions[:, :DESCRIPTION_DIMS]).astype(np.float16)
    np.save(target / DESCRIPTIONS_FILE, kept)
    terms = fit_terms(texts)
    terms.save(target)
    Postings.of(terms).save(target, TERMS)
    np.save(target / TOPICS_FILE, fit_topics(terms))
    report("company activities", 0, 1)
    activity_matrix(descriptions, texts).save(target, ACTIVITIES)
    return companies, columns


def _build_contacts(
    engine: sa.Engine,
    folder: Path,
    vocab: Vocabularies,
    companies: list[Company],
    company_cols: dict[str, NDArray[Any]],
    kind: str,
    total: int,
    report: Progress,
) -> tuple[dict[str, NDArray[Any]], dict[str, float]]:
    """The contact columns, and what the distinct titles cost (``contact_titles`` of the
    manifest: distinct titles, distinct (title, departments, seniority) keys, seconds)."""
    report("contact setup", 0, 1)
    inherited = (
        np.stack([contact_company_part(c) for c in companies])
        if companies
        else np.zeros((0, CONTACT_LAYOUT.dims), np.float32)
    )
    encoder = ContactEncoder(
        vocab, {c.company_id: row for row, c in enumerate(companies)}, inherited, company_cols
    )
    target = folder / "contacts"
    target.mkdir(parents=True, exist_ok=True)
    # Vectors go straight to their memory-mapped file: a build never holds all of them at once.
    sink = VectorSink(target / VECTORS_FILE, total, CONTACT_LAYOUT.dims)
    id_batches: list[NDArray[np.bytes_]] = []
    column_batches: list[dict[str, NDArray[Any]]] = []
    done = 0
    report("contacts", 0, total)
    for rows in entities.iter_contact_index_rows(engine):
        batch = encoder.encode(rows)
        sink.append(batch.vectors)
        id_batches.append(batch.ids)
        column_batches.append(batch.columns)
        done += len(rows)
        report("contacts", done, total)
    matrix = sink.finish()
    columns = _concatenate_columns(column_batches, company_cols, vocab)
    ids = np.concatenate(id_batches) if id_batches else np.zeros(0, dtype="S1")
    report("contact index", 0, 1)
    index = build_vector_index(matrix, kind)
    write_kind(target, ids, columns, index)
    report("title terms", 0, 1)
    title_terms = fit_terms([english_title(title) for title in encoder.titles], min_df=1)
    title_terms.save(target)
    Postings.of(title_terms, columns["title_row"], TITLE_ENTRIES_LISTED).save(target, TERMS)
    report("title occupations", 0, 1)
    votes = TermMatrix.of_weights(encoder.title_votes, occupation_codes())
    votes.save(target, OCCUPATIONS)
    Postings.of(votes, columns["title_row"], TITLE_ENTRIES_LISTED).save(target, OCCUPATIONS)
    title_work = {
        "titles": len(encoder.titles),
        "keys": encoder.distinct_keys,
        "seconds": round(encoder.title_seconds, 3),
    }
    return columns, title_work


def _concatenate_columns(
    batches: list[dict[str, NDArray[Any]]],
    company_cols: dict[str, NDArray[Any]],
    vocab: Vocabularies,
) -> dict[str, NDArray[Any]]:
    if not batches:
        empty = np.zeros(0, dtype=np.int32)
        return contact_columns([], empty, [], company_cols, vocab)
    return {name: np.concatenate([batch[name] for batch in batches]) for name in batches[0]}


def _record_build_figures(folder: Path, seconds: float, title_work: dict[str, float]) -> None:
    """Add how long the build took (``/metrics`` reports it) and what its distinct contact titles
    cost (``lookalike bench`` reports it) to the generation's manifest."""
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["build_seconds"] = round(seconds, 3)
    manifest["contact_titles"] = title_work
    path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def _write_metadata(
    folder: Path,
    version: int,
    kind: str,
    vocab: Vocabularies,
    columns: tuple[dict[str, NDArray[Any]], dict[str, NDArray[Any]]],
) -> None:
    company_cols, contact_cols = columns
    manifest = {
        "format_version": FORMAT_VERSION,
        "universe_version": version,
        "index_kind": kind,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "companies": len(company_cols["country"]),
        "contacts": len(contact_cols["country"]),
        "dims": {"companies": COMPANY_LAYOUT.dims, "contacts": CONTACT_LAYOUT.dims},
    }
    traits = {
        "companies": trait_counts(company_cols, is_contact=False),
        "contacts": trait_counts(contact_cols, is_contact=True),
    }
    (folder / "vocab.json").write_text(json.dumps(vocab.as_json()), encoding="utf-8")
    (folder / "traits.json").write_text(json.dumps(traits), encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
