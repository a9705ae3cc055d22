"""Cluster jobs: Dask workers read their own input files and write their own part files.

`analyze_files(inputs, "out/")` (also `vnnews_nlp.dask.analyze_files` and
`vnnews batch ... --engine dask -o out/`) turns a sharded dump into a folder of parts and a
manifest, every input record in exactly one output document or error entry, whatever workers
are lost and however often the job is resumed. Needs the `dask` extra.
"""
from .job import FilesSummary, analyze_files, connect
from .parts import PART_FORMATS

__all__ = ["FilesSummary", "PART_FORMATS", "analyze_files", "connect"]
