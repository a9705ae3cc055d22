"""Run notebooks/quickstart.ipynb top to bottom and store it with its outputs.

    python scripts/run_notebook.py           # execute and save in place
    python scripts/run_notebook.py --check   # execute a copy; exit 1 when its text outputs differ from the stored ones

The notebook reads only `examples/` (articles written for the project), so its stored
outputs hold no third-party text. `tests/test_notebook.py` runs the check.
"""
from __future__ import annotations

import argparse
import copy
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "quickstart.ipynb"
# Outputs compared between the stored and a fresh run; images are only checked to exist
# (their bytes follow the fonts and matplotlib version of the machine).
TEXT_KINDS = ("text/plain", "text/html")


def ensure_python3_kernel() -> None:
    """nbclient starts the `python3` kernel; register ipykernel's spec if this environment lacks it."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        subprocess.run([sys.executable, "-m", "ipykernel", "install", "--user", "--name", "python3"], check=True)


def execute(notebook):
    """Run `notebook` (an nbformat node) in a fresh kernel from the notebooks folder; returns it with outputs."""
    import nbclient

    ensure_python3_kernel()
    client = nbclient.NotebookClient(notebook, kernel_name="python3", timeout=900,
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)  # timestamps would change on every run
    return notebook


def text_outputs(notebook) -> list[list[tuple[str, str]]]:
    """Per code cell: (kind, text) of its streams, text results and errors, in order."""
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        found = []
        for output in cell.outputs:
            if output.output_type == "stream":
                found.append((output.name, output.text))
            elif output.output_type == "error":
                found.append(("error", f"{output.ename}: {output.evalue}"))
            else:
                data = output.get("data", {})
                found.extend((kind, data[kind]) for kind in TEXT_KINDS if kind in data)
                found.extend((kind, "") for kind in data if kind.startswith("image/"))
        cells.append(found)
    return cells


def main(argv: list[str] | None = None) -> int:
    import nbformat

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare a fresh run with the stored outputs")
    args = parser.parse_args(argv)
    stored = nbformat.read(NOTEBOOK, as_version=4)
    fresh = execute(copy.deepcopy(stored))
    if args.check:
        if text_outputs(fresh) != text_outputs(stored):
            print("notebooks/quickstart.ipynb: stored outputs differ from a fresh run: "
                  "run python scripts/run_notebook.py", file=sys.stderr)
            return 1
        return 0
    nbformat.write(fresh, NOTEBOOK)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
