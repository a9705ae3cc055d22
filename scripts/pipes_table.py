"""Write `nlp.analyze_pipes()` of the shipped pipeline into docs/api.md.

    python scripts/pipes_table.py          # rewrite the block between the markers
    python scripts/pipes_table.py --check  # exit 1 when the block differs from what the pipeline declares

`tests/test_readme.py` runs the check, so the docs cannot drift from the components' declarations.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from readme_example import replace_block  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
PAGE = REPO / "docs" / "api.md"
MARKER = "pipes"


def render() -> str:
    """A Markdown table of what each component of `vnnews_nlp.load()` assigns, requires and scores."""
    import vnnews_nlp

    nlp = vnnews_nlp.load()
    summary = nlp.analyze_pipes(pretty=False)["summary"]
    rows = ["| component | assigns | requires | scores |", "| --- | --- | --- | --- |"]
    for name in nlp.pipe_names:
        cells = [", ".join(f"`{v}`" for v in summary[name][key]) or "–" for key in ("assigns", "requires", "scores")]
        rows.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 on a difference")
    args = parser.parse_args(argv)
    page = PAGE.read_text(encoding="utf-8")
    wanted = replace_block(page, MARKER, render())
    if wanted == page:
        return 0
    if args.check:
        print(f"{PAGE.relative_to(REPO)}: the component table is stale; run python scripts/pipes_table.py")
        return 1
    PAGE.write_text(wanted, encoding="utf-8")
    print(f"rewrote the component table in {PAGE.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
