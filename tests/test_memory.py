"""Bounded memory: the shared pipeline is rebuilt after many documents without changing any output,
freed heap goes back to the OS, and the package does not import what workers never use."""
from __future__ import annotations

import vnnews_nlp
import vnnews_nlp.pipeline as pipeline

TEXT = "Hội nghị tại Sở GD&ĐT tỉnh Thanh Hóa\nSáng 7/3, UBND tỉnh Thanh Hóa họp với ông Vương Văn Việt."


def test_pipeline_is_rebuilt_after_the_threshold_and_output_is_unchanged(monkeypatch):
    monkeypatch.setattr(pipeline, "RELOAD_AFTER_DOCS", 2)
    first = vnnews_nlp.load()
    before = vnnews_nlp.analyze(TEXT, id="a").to_dict()
    vnnews_nlp.analyze(TEXT, id="a")
    rebuilt = vnnews_nlp.load()
    assert rebuilt is not first
    assert vnnews_nlp.analyze(TEXT, id="a").to_dict() == before


def test_free_heap_is_returned_to_the_os_on_glibc():
    import platform

    from vnnews_nlp.memory import release_free_memory

    from vnnews_nlp.memory import TRIM_EVERY

    glibc = platform.libc_ver()[0] == "glibc"
    assert release_free_memory(force=True) is glibc
    trimmed = [release_free_memory() for _ in range(2 * TRIM_EVERY)]
    assert sum(trimmed) == (2 if glibc else 0)  # once every TRIM_EVERY calls: trimming costs page faults


def test_importing_the_package_leaves_pandas_unloaded():
    """Batch workers import vnnews_nlp; pandas and pyarrow would cost each of them ~60 MB."""
    import subprocess
    import sys

    code = "import sys, vnnews_nlp; print(sorted({'pandas', 'pyarrow'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_batch_workers_are_replaced_after_their_share_of_documents(monkeypatch):
    import os

    from vnnews_nlp import workers

    monkeypatch.setattr(workers, "RECYCLE_WORKERS_AFTER_DOCS", 3)
    with workers.local_executor(2, chunk_size=1) as pool:
        pids = [pool.submit(os.getpid).result() for _ in range(13)]  # 6 tasks per pool of 2 workers
    assert pool.pools_started == 3
    assert len(set(pids)) >= 3 and os.getpid() not in pids


def test_allocator_tuning_applies_on_glibc_and_is_done_once():
    import platform

    from vnnews_nlp.memory import tune_allocator

    tune_allocator.cache_clear()
    assert tune_allocator() is (platform.libc_ver()[0] == "glibc")
    assert tune_allocator.cache_info().misses == 1 and tune_allocator() is tune_allocator()


def test_a_record_that_fails_in_a_chunk_costs_only_itself(monkeypatch):
    from vnnews_nlp import api
    from vnnews_nlp.api import RecordError, analyze_chunk

    original = api._prepared_doc
    seen = []

    def prepared(fields):
        if fields["id"] == "bad":
            raise RuntimeError("broken on purpose")
        seen.append(fields["id"])
        return original(fields)

    monkeypatch.setattr(api, "_prepared_doc", prepared)
    chunk = [(0, {"id": "a", "text": TEXT}), (1, {"id": "bad", "text": TEXT}), (2, {"id": "c", "text": TEXT})]
    results = analyze_chunk(chunk)
    assert seen == ["a", "c"]
    assert isinstance(results[1], RecordError) and "broken on purpose" in results[1].error
    assert [r.id for r in (results[0], results[2])] == ["a", "c"]
    assert results[0].to_dict()["entities"] == vnnews_nlp.analyze(TEXT, id="a").to_dict()["entities"]


def test_a_released_doc_is_freed_at_once_not_at_the_next_garbage_collection():
    import gc

    from spacy.tokens import Doc

    from vnnews_nlp.api import make_doc, release_doc

    def live_docs() -> int:
        return sum(isinstance(o, Doc) for o in gc.get_objects())

    nlp = vnnews_nlp.load()
    gc.collect()
    gc.disable()
    try:
        before = live_docs()
        kept = nlp(make_doc(TEXT, id="kept"))
        released = nlp(make_doc(TEXT, id="released"))
        release_doc(released)
        del kept, released
        after = live_docs()
    finally:
        gc.enable()
    assert after == before + 1  # the unreleased one waits for the collector


def test_token_batches_cap_tokens_keep_order_and_lose_nothing():
    from vnnews_nlp.api import token_batches
    from vnnews_nlp.pipeline import blank

    nlp = blank()
    docs = [nlp.make_doc("một hai ba " * n) for n in (1, 5, 40, 2, 2, 300, 1)]
    groups = list(token_batches(docs, max_tokens=30))
    assert [d for g in groups for d in g] == docs
    assert all(sum(len(d) for d in g) <= 30 or len(g) == 1 for g in groups)
    assert [len(g) for g in groups] == [2, 1, 2, 1, 1]
