"""vnnews-nlp: Vietnamese news NLP pipeline."""
__version__ = "0.1.0"
