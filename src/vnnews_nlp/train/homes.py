"""Resource folders (`VNNEWS_NLP_HOME`) that mirror the repository's `data/` and `models/` with some
files of their own: a cross-validation fold's dictionary and fitted model, or a harvest's dictionary."""
from __future__ import annotations

from pathlib import Path

from ..paths import repository_root


def mirror(home: Path, own: dict[str, tuple[str, ...]], root: Path | None = None) -> Path:
    """Fill `home` with links to `root`'s `data/` and `models/` entries, except the files named in `own`
    (folder under home → names the caller writes itself, e.g. {"models/abbreviations": ("senses.json",)}).

    A folder in `own` is made real and its other files linked one by one, so writing an own file
    never writes through a link into the repository.
    """
    root = root or repository_root()
    if root is None:
        raise RuntimeError("resource mirrors need a checkout (data/ and models/ beside src/)")
    own_dirs = set(own)
    for sub in ("data", "models"):
        _link_tree(root / sub, home / sub, sub, own, own_dirs)
    return home


def _link_tree(src: Path, dst: Path, rel: str, own: dict[str, tuple[str, ...]], own_dirs: set[str]) -> None:
    dst.mkdir(parents=True, exist_ok=True)
    mine = own.get(rel, ())
    for item in src.iterdir():
        child = f"{rel}/{item.name}"
        if item.name in mine:
            continue
        if item.is_dir() and any(d == child or d.startswith(child + "/") for d in own_dirs):
            _link_tree(item, dst / item.name, child, own, own_dirs)
        else:
            (dst / item.name).symlink_to(item.resolve())
