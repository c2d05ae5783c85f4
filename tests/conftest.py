"""Shared test setup: Qt renders offscreen; cases use cheap (recorded) key parameters."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from db.keys import FAST_KDF
from workbench.case import Case

PROJECT = Path(__file__).resolve().parents[1]
CORPORA = PROJECT.parent / "shared" / "corpora"
PASSPHRASE = "correct horse battery staple"


def corpus(*parts: str) -> Path:
    """A file or folder in ../shared/corpora; the test is skipped if the corpora are absent."""
    path = CORPORA.joinpath(*parts)
    if not CORPORA.exists():
        pytest.skip(f"test corpora not found at {CORPORA}")
    return path


@pytest.fixture
def case_path(tmp_path: Path) -> Path:
    return tmp_path / "review.case"


@pytest.fixture
def case(case_path: Path):
    c = Case.create(case_path, PASSPHRASE, "Test review", kdf=FAST_KDF, reviewer="tester")
    yield c
    c.close()
