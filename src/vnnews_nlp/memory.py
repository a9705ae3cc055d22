"""Give freed heap memory back to the operating system between batches of documents.

glibc keeps memory that Python, spaCy and underthesea free in its arenas; a
worker analysing many articles then shows a resident size that ratchets up to
the largest transient it ever needed (VNTC test: 380 MB after the first 32
articles became 512 MB by the 544th). `malloc_trim` returns those free pages.
On other C libraries this is a no-op.
"""
from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache


@lru_cache(maxsize=None)
def _glibc(function: str):
    """The C library's `function` (`malloc_trim`, `mallopt`), or None where it has none."""
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        return getattr(ctypes.CDLL(name), function)
    except (OSError, AttributeError):  # not glibc (musl, macOS, Windows)
        return None


# glibc's mallopt parameters (malloc.h).
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8
# Blocks from this size up are mapped on their own and unmapped when freed. glibc would raise
# the threshold after each such free until arrays of up to 32 MB come from the heap, where
# they stay: over 1,000 VNTC test articles a process held 426 MB untuned, 320 MB at 128 KB
# (but 10% more CPU: the recogniser's activations page-faulted anew), 319 MB at 1 MB with
# no CPU cost, 405 MB at 4 MB.
MMAP_THRESHOLD = 1024 * 1024
# One compute thread per worker: more arenas only keep more free memory apart.
ARENA_MAX = 1


@lru_cache(maxsize=1)
def tune_allocator() -> bool:
    """Make glibc hand large freed blocks straight back and keep one arena, for a process that
    analyses many documents (batch and cluster workers); True when it could (glibc only)."""
    mallopt = _glibc("mallopt")
    if mallopt is None:
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(_M_ARENA_MAX, ARENA_MAX))


# Trimming hands pages back that the next batch faults in again (about 8 % CPU when done
# after every 16 articles), so it runs once per this many calls.
TRIM_EVERY = 8
_calls = 0


def release_free_memory(force: bool = False) -> bool:
    """Return free heap pages to the OS every `TRIM_EVERY` calls (or now, with `force`); True when
    it did (glibc's `malloc_trim`)."""
    global _calls
    _calls += 1
    trim = _glibc("malloc_trim")
    if trim is None or not (force or _calls % TRIM_EVERY == 0):
        return False
    trim(0)
    return True
