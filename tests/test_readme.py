"""The example output in README.md and docs/schema.md is what the code prints, not a hand-edited copy."""
from __future__ import annotations

import importlib.util

from vnnews_nlp.schema import validate_document

from .conftest import REPO

spec = importlib.util.spec_from_file_location("readme_example", REPO / "scripts" / "readme_example.py")
readme_example = importlib.util.module_from_spec(spec)
spec.loader.exec_module(readme_example)


def test_the_docs_show_the_real_output_of_the_example() -> None:
    document = readme_example.example_document()
    validate_document(document)
    block = readme_example.render(document)
    for path, marker in readme_example.TARGETS.items():
        page = path.read_text(encoding="utf-8")
        shown = page.split(f"<!-- {marker}:start -->", 1)[1].split(f"<!-- {marker}:end -->", 1)[0]
        assert shown.strip() == f"```json\n{block}\n```", f"{path.name} is stale: run python scripts/readme_example.py"
    assert readme_example.main(["--check"]) == 0


def test_the_excerpt_keeps_every_value_it_shows() -> None:
    document = readme_example.example_document()
    excerpt = readme_example.excerpt(document)
    for key in ("entities", "abbreviations", "entity_groups"):
        shown = [item for item in excerpt[key] if isinstance(item, dict)]
        assert shown and all(item in document[key] for item in shown), key
    assert any(e.get("recurring") for e in excerpt["entities"] if isinstance(e, dict))
    assert excerpt["captions"] == document["captions"] != []
