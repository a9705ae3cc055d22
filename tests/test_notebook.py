"""notebooks/quickstart.ipynb is stored executed, and a fresh run gives the outputs it stores."""
from __future__ import annotations

import copy
import importlib.util

import pytest

from .conftest import REPO

nbformat = pytest.importorskip("nbformat", reason="notebook tests need the dev extra (nbformat)")
pytest.importorskip("nbclient", reason="notebook tests need the dev extra (nbclient)")

spec = importlib.util.spec_from_file_location("run_notebook", REPO / "scripts" / "run_notebook.py")
run_notebook = importlib.util.module_from_spec(spec)
spec.loader.exec_module(run_notebook)


@pytest.fixture(scope="module")
def stored():
    return nbformat.read(run_notebook.NOTEBOOK, as_version=4)


def outputs(notebook) -> list:
    return [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]


def check_what_a_reader_sees(notebook) -> None:
    found = outputs(notebook)
    assert not [o for o in found if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in found if "text/html" in o.get("data", {})]
    assert any('class="vnnews-view"' in h and 'class="vnnews-entity"' in h for h in html), "no highlighted article"
    assert any('class="vnnews-abbr"' in h for h in html), "no abbreviation marks"
    assert sum("<table" in h for h in html) >= 4, "DataFrames"
    assert len([o for o in found if "image/png" in o.get("data", {})]) >= 2, "the plots did not render"


def test_notebook_is_stored_executed_with_its_outputs(stored) -> None:
    code = [cell for cell in stored.cells if cell.cell_type == "code"]
    assert all(cell.outputs and cell.execution_count for cell in code), "store the notebook executed"
    check_what_a_reader_sees(stored)
    # Its articles are the project's own: nothing read from ../shared ends up in the repository.
    assert not any("shared" in cell.source for cell in code)


def test_a_fresh_run_gives_the_stored_outputs(stored) -> None:
    fresh = run_notebook.execute(copy.deepcopy(stored))
    check_what_a_reader_sees(fresh)
    assert run_notebook.text_outputs(fresh) == run_notebook.text_outputs(stored), \
        "stale outputs: run python scripts/run_notebook.py"
