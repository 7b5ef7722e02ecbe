"""The title classifier's fingerprint: the same in every process of one version."""

from __future__ import annotations

import subprocess
import sys

from lookalike.taxonomy.title_fingerprint import title_rules_fingerprint


def test_the_fingerprint_is_the_same_in_another_process() -> None:
    code = (
        "from lookalike.taxonomy.title_fingerprint import title_rules_fingerprint as f; print(f())"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert other.stdout.strip() == title_rules_fingerprint()
    assert len(title_rules_fingerprint()) == 16
    int(title_rules_fingerprint(), 16)
