from __future__ import annotations

from pathlib import Path

import pytest

from cli_runner import run_lookalike
from lookalike.settings import Settings
from lookalike.store.accounts import find_key_or_none, list_keys
from lookalike.store.database import open_store


def test_keys_create_prints_the_new_key_alone_on_the_last_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = run_lookalike(
        monkeypatch, tmp_path, "keys", "create", "--name", "Acme", "--credits", "70"
    )
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert code == 0 and key.startswith("lk_") and " " not in key
    engine = open_store(Settings(data_dir=tmp_path))
    with engine.connect() as conn:
        assert find_key_or_none(conn, key) is not None
    assert [(s.plan, s.balance) for s in list_keys(engine)] == [("basic", 70)]
    engine.dispose()


def test_keys_list_shows_balances_but_never_a_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run_lookalike(
        monkeypatch,
        tmp_path,
        "keys",
        "create",
        "--name",
        "Acme",
        "--credits",
        "70",
        "--plan",
        "pro",
    )
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert run_lookalike(monkeypatch, tmp_path, "keys", "list") == 0
    listing = capsys.readouterr().out
    assert "Acme" in listing and "pro" in listing and " 70 " in listing
    assert key not in listing and key[11:] not in listing


def test_keys_revoke_takes_the_prefix(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run_lookalike(monkeypatch, tmp_path, "keys", "create", "--name", "Acme")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert run_lookalike(monkeypatch, tmp_path, "keys", "revoke", key[:11]) == 0
    run_lookalike(monkeypatch, tmp_path, "keys", "list")
    assert "revoked" in capsys.readouterr().out


def test_an_unknown_plan_is_a_one_line_error_naming_the_plans(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = run_lookalike(
        monkeypatch, tmp_path, "keys", "create", "--name", "Acme", "--plan", "gold"
    )
    error = capsys.readouterr().err.strip()
    assert code == 1 and len(error.splitlines()) == 1
    assert "'gold'" in error and "basic" in error and "pro" in error


def test_keys_grant_adds_credits(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run_lookalike(monkeypatch, tmp_path, "keys", "create", "--name", "Acme", "--credits", "5")
    assert run_lookalike(monkeypatch, tmp_path, "keys", "grant", "1", "10") == 0
    engine = open_store(Settings(data_dir=tmp_path))
    assert list_keys(engine)[0].balance == 15
    engine.dispose()
