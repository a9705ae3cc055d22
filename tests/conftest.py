"""Shared test fixtures: paths to ../shared and the schema check."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "000_13bed65524387229.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"the shared seed article is not beside the repository ({SEED})")
    return SEED.read_text(encoding="utf-8")


def assert_offsets(document: dict, text: str) -> None:
    """Every span of an output document indexes `text` exactly."""
    for entity in document["entities"]:
        assert text[entity["start"] : entity["end"]] == entity["text"], entity
    for mention in document["abbreviations"]:
        assert text[mention["start"] : mention["end"]] == mention["short"], mention
    for block in document.get("boilerplate", []):
        assert text[block["start"] : block["end"]] == block["text"], block
    for key in ("sentences", "tokens"):
        for span in document.get(key) or []:
            assert text[span["start"] : span["end"]] == span["text"], span
