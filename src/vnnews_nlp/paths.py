"""Where the shipped resources live, and where the training data is.

The curated `data/` and the trained `models/` of the repository travel inside the
package: `vnnews_nlp/data` and `vnnews_nlp/models` are links to them in a checkout
and real folders in a wheel, so an editable install, a wheel install and a copy
of the package all read the same files through one path. `VNNEWS_NLP_HOME` names
another folder holding `data/` and `models/` (benchmarks use it to score an
earlier commit's resources).
"""
from __future__ import annotations

import os
from pathlib import Path

from .errors import VnnewsError

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_home() -> Path:
    """The folder holding `data/` and `models/`: the package itself unless `VNNEWS_NLP_HOME` says otherwise."""
    env = os.environ.get("VNNEWS_NLP_HOME")
    return Path(env) if env else PACKAGE_DIR


def data_path(*parts: str) -> Path:
    """A file under the curated `data/` folder."""
    return resource_home().joinpath("data", *parts)


def model_path(*parts: str) -> Path:
    """A file under the trained `models/` folder."""
    return resource_home().joinpath("models", *parts)


def repository_root() -> Path | None:
    """The checkout the package runs from (editable install), or None for an installed wheel."""
    root = Path(__file__).resolve().parent.parent.parent
    return root if (root / "pyproject.toml").is_file() and (root / "src" / "vnnews_nlp").is_dir() else None


def shared_path(*parts: str) -> Path:
    """A path under the training and evaluation data (`../shared` beside the checkout, or `VNNEWS_SHARED`).

    Only training scripts, benchmarks and tests call this; the package never reads `../shared`.
    """
    env = os.environ.get("VNNEWS_SHARED")
    if env:
        base = Path(env)
    else:
        root = repository_root()
        if root is None:
            raise VnnewsError("no ../shared beside a checkout: set VNNEWS_SHARED to the shared data folder")
        base = root.parent / "shared"
    if not base.is_dir():
        raise VnnewsError(f"shared data folder not found: {base} (set VNNEWS_SHARED)")
    return base.joinpath(*parts)


def schema_path() -> Path:
    """The JSON Schema of the output document, shipped inside the package."""
    return PACKAGE_DIR / "schema" / "document.schema.json"


def folder_mb(path: Path) -> float:
    """Size in MB (10^6 bytes) of the files under `path`: what a model folder weighs."""
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 1e6
