"""Where the shipped resources live: `data/` and `models/` of the project.

The package is installed from a checkout (`pip install -e .`), so both folders
sit two levels above the package. `VNNEWS_NLP_HOME` points elsewhere when the
resources were copied away from the checkout.
"""
from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def project_home() -> Path:
    """The folder holding `data/` and `models/`."""
    env = os.environ.get("VNNEWS_NLP_HOME")
    if env:
        return Path(env)
    return _PACKAGE_DIR.parent.parent


def data_path(*parts: str) -> Path:
    """A file under the project's curated `data/` folder."""
    return project_home().joinpath("data", *parts)


def model_path(*parts: str) -> Path:
    """A file under the project's trained `models/` folder."""
    return project_home().joinpath("models", *parts)


def schema_path() -> Path:
    """The JSON Schema of the output document, shipped inside the package."""
    return _PACKAGE_DIR / "schema" / "document.schema.json"


def folder_mb(path: Path) -> float:
    """Size in MB (10^6 bytes) of the files under `path`: what a model folder weighs."""
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 1e6
