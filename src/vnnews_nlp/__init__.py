"""vnnews-nlp: Vietnamese news NLP pipeline.

    import vnnews_nlp
    doc = vnnews_nlp.analyze(text, published="2024-03-07")
    doc.entities, doc.abbreviations, doc.category, doc.to_json()
"""
from __future__ import annotations

__version__ = "0.1.0"

from .api import Pool, RecordError, analyze, analyze_many, analyze_record
from .document import Abbreviation, Category, Document, Entity
from .errors import InputError, VnnewsError
from .frames import to_dataframe
from .pipeline import load

__all__ = [
    "__version__",
    "Abbreviation",
    "Category",
    "Document",
    "Entity",
    "InputError",
    "Pool",
    "RecordError",
    "VnnewsError",
    "analyze",
    "analyze_many",
    "analyze_record",
    "load",
    "to_dataframe",
]
