"""Write the example output of README.md and docs/schema.md from the code itself.

    python scripts/readme_example.py          # rewrite the blocks between the markers
    python scripts/readme_example.py --check  # exit 1 when a block differs from the real output

Each block is an excerpt of what `vnnews analyze examples/hoi-nghi-khuyen-hoc.txt
--published 2025-01-15` prints: the same values, a few items of each list, `…` where
items or text were left out. `tests/test_readme.py` runs the check, so the README cannot
drift from the code.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "hoi-nghi-khuyen-hoc.txt"
PUBLISHED = "2025-01-15"
COMMAND = f"vnnews analyze examples/{EXAMPLE.name} --published {PUBLISHED}"
TARGETS = {REPO / "README.md": "readme-example", REPO / "docs" / "schema.md": "schema-example"}
_MORE = "\u2026"  # stands for the items left out
_PLACEHOLDER = "@@more@@"


def example_document() -> dict:
    """The example article's output, through the same code path as the CLI."""
    from typer.testing import CliRunner

    from vnnews_nlp.cli import app

    result = CliRunner().invoke(app, ["analyze", str(EXAMPLE), "--published", PUBLISHED])
    if result.exit_code != 0:
        raise SystemExit(f"{COMMAND} failed: {result.output}")
    return json.loads(result.stdout)


def _cut(text: str, size: int) -> str:
    return text if len(text) <= size else text[:size].rstrip() + _MORE


def excerpt(document: dict) -> dict:
    """A few items of each list, chosen by rule: the first two of each label, of each abbreviation source ..."""
    out = {key: document[key] for key in ("schema_version", "id", "title", "author", "published")}
    category = document["category"]
    out["category"] = None if category is None else {"label": category["label"], "score": category["score"],
                                                     "scores": _PLACEHOLDER}
    entities = []
    for label in ("ORG", "PER", "LOC", "DATE"):
        of_label = [e for e in document["entities"] if e["label"] == label]
        entities += of_label[:2] + [e for e in of_label[2:] if e.get("recurring")][:1]
    out["entities"] = entities + [_PLACEHOLDER]
    first_of_pair: dict[tuple[str, str], dict] = {}
    for mention in document["abbreviations"]:
        first_of_pair.setdefault((mention["short"], mention["long"]), mention)
    shown = []
    for source in ("definition", "dictionary", "context"):
        shown += [m for m in first_of_pair.values() if m["source"] == source][:2]
    out["abbreviations"] = sorted(shown, key=lambda m: m["start"]) + [_PLACEHOLDER]
    out["entity_groups"] = document["entity_groups"][:3] + [_PLACEHOLDER]
    out["boilerplate"] = [{**b, "text": _cut(b["text"], 40)} for b in document["boilerplate"]]
    out["captions"] = document["captions"]
    out["expanded_text"] = _cut(document["expanded_text"], 160)
    out["warnings"] = document["warnings"]
    return out


def render(document: dict) -> str:
    """The excerpt as the JSON block of the docs: one field per line, one list item per line."""
    def one(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = []
    for key, value in excerpt(document).items():
        if isinstance(value, list) and value:
            items = ",\n".join(f"    {one(item)}" for item in value)
            lines.append(f'  {one(key)}: [\n{items}\n  ]')
        else:
            lines.append(f"  {one(key)}: {one(value)}")
    return ("{\n" + ",\n".join(lines) + "\n}").replace(f'"{_PLACEHOLDER}"', _MORE)


def replace_block(page: str, marker: str, block: str) -> str:
    """`page` with what stands between `<!-- marker:start -->` and `<!-- marker:end -->` replaced by `block`."""
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    head, rest = page.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{block}\n{end}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when a block is stale")
    args = parser.parse_args(argv)
    block = render(example_document())
    stale = []
    for path, marker in TARGETS.items():
        page = path.read_text(encoding="utf-8")
        wanted = replace_block(page, marker, f"```json\n{block}\n```")
        if wanted != page:
            stale.append(path)
            if not args.check:
                path.write_text(wanted, encoding="utf-8")
    if args.check and stale:
        names = ", ".join(str(p.relative_to(REPO)) for p in stale)
        print(f"stale example output in {names}: run python scripts/readme_example.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
