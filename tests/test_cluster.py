"""Cluster jobs: workers read their own input files and write their own parts; every record ends in
exactly one output document or error entry, in any format, on any fsspec filesystem, after a
resume, and when a worker or the driver is killed midway (a real scheduler and workers)."""
from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import vnnews_nlp
from vnnews_nlp.batch import BatchError, run_batch
from vnnews_nlp.errors import InputError
from vnnews_nlp.io.fields import FieldMap

from .test_batch import article, read_jsonl, write_jsonl

pytest.importorskip("distributed")
from dask.distributed import Client, LocalCluster  # noqa: E402

from vnnews_nlp.cluster import analyze_files  # noqa: E402
from vnnews_nlp.cluster.shards import expand_inputs  # noqa: E402

SRC = Path(vnnews_nlp.__file__).resolve().parents[1]
# Generous for a loaded 2-core machine, but bounded: a hung cluster fails the test instead of CI.
DEADLINE = 150
LOOPBACK = {"dashboard_address": "127.0.0.1:0", "worker_dashboard_address": "127.0.0.1:0"}


@pytest.fixture(scope="module")
def client():
    """An in-process cluster (threads): quick, and it shares fsspec's memory:// filesystem."""
    vnnews_nlp.load()
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, **LOOPBACK) as cluster, Client(cluster) as own:
        yield own


def sharded_dump(folder: Path, shards: int, per_shard: int) -> list[str]:
    """`shards` JSON Lines files (gzip) of `per_shard` articles; shard 1 adds a broken line and a record
    without text. The keys every record must come out under, once each (see `record_keys`)."""
    folder.mkdir(parents=True, exist_ok=True)
    keys = []
    for shard in range(shards):
        records = [article(shard * per_shard + i) for i in range(per_shard)]
        extra = [b"{broken"] if shard == 1 else []
        if shard == 1:
            records.append({"id": f"no-text-{shard}", "title": "Chỉ có tiêu đề"})
        path = write_jsonl(folder / f"dump-{shard:02d}.jsonl.gz", records, extra)
        keys += [r["id"] for r in records] + [f"{path}:line {len(records) + 1}"] * len(extra)
    return keys


def record_keys(out: Path) -> Counter:
    """Every output document (by id) and error entry (by id, else by source and location) of a folder."""
    manifest = json.loads((out / "_manifest.json").read_text())
    keys: Counter = Counter()
    for part in manifest["parts"]:
        docs = read_jsonl(out / part["output"])
        errors = read_jsonl(out / part["errors_output"]) if part["errors_output"] else []
        assert (len(docs), len(errors)) == (part["ok"], part["errors"]), part
        keys.update(d["id"] for d in docs)
        keys.update(e["id"] or f"{e['source']}:{e['location']}" for e in errors)
    return keys


def assert_exactly_once(out: Path, expected: list[str]) -> dict:
    manifest = json.loads((out / "_manifest.json").read_text())
    assert manifest["complete"] and manifest["parts_done"] == manifest["parts_total"]
    keys = record_keys(out)
    assert keys == Counter(expected), f"missing {Counter(expected) - keys}, extra {keys - Counter(expected)}"
    assert manifest["records"] == len(expected)
    assert not (out / "_temporary").exists()
    return manifest


def test_parts_hold_what_the_single_machine_job_writes(tmp_path: Path, client) -> None:
    dump = tmp_path / "dump"
    sharded_dump(dump, shards=3, per_shard=6)
    mapped = [{"id": f"csv-{i}", "text": article(40 + i)["text"]} for i in range(5)]
    with open(dump / "sub.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "text"])
        writer.writeheader()
        writer.writerows(mapped)
    dataset = tmp_path / "dataset"
    (dataset / "year=2024").mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist([article(50 + i) for i in range(4)]), dataset / "year=2024" / "p0.parquet")
    (dataset / "_SUCCESS").write_text("")  # a dataset's markers are no input
    pages = tmp_path / "pages"
    (pages / "sub").mkdir(parents=True)
    (pages / "a.txt").write_text(article(60)["text"], encoding="utf-8")
    (pages / "sub" / "b.html").write_text(f"<html><body><p>{article(61)['text']}</p></body></html>", encoding="utf-8")

    inputs = [str(dump / "dump-*.jsonl.gz"), str(dump / "sub.csv"), str(dataset), str(pages)]
    out = tmp_path / "out"
    summary = analyze_files(inputs, str(out), client=client, part_format="jsonl")
    manifest = json.loads((out / "_manifest.json").read_text())
    files = [str(dump / f"dump-{i:02d}.jsonl.gz") for i in range(3)] + [str(dump / "sub.csv"),
                                                                         str(dataset / "year=2024" / "p0.parquet")]
    assert [p["input"] for p in manifest["parts"]][:5] == files
    assert manifest["parts"][5]["input"].startswith(str(pages)) and summary.parts == 6

    # One part per input, each what `vnnews batch` writes for that input alone (errors: positions
    # count within the input, as in a one-input job).
    for part, path in zip(manifest["parts"], files + [str(pages)]):
        single = tmp_path / f"single-{part['index']}.jsonl"
        run_batch([path], single, progress=False)
        assert (out / part["output"]).read_bytes() == single.read_bytes(), path
        errors = single.with_name(single.name.replace(".jsonl", ".errors.jsonl"))
        assert ((out / part["errors_output"]).read_bytes() if part["errors_output"] else b"") == errors.read_bytes()
    assert (summary.ok, summary.errors) == (manifest["ok"], manifest["errors"]) == (manifest["records"] - 2, 2)
    assert sorted(p.name for p in out.iterdir()) == ["_errors", "_manifest.json"] + [f"part-0000{i}.jsonl" for i in range(6)]


def test_part_formats_and_field_mapping(tmp_path: Path, client) -> None:
    records = [{"guid": f"g{i}", "body": article(i)["text"]} for i in range(6)]
    write_jsonl(tmp_path / "a.jsonl", records[:3])
    write_jsonl(tmp_path / "b.jsonl", records[3:])
    fields = FieldMap(text="body", id="guid")
    analyze_files(str(tmp_path / "*.jsonl"), str(tmp_path / "pq"), client=client, part_format="parquet", fields=fields)
    assert pq.read_table(tmp_path / "pq").column("id").to_pylist() == [f"g{i}" for i in range(6)]  # skips _files
    analyze_files(str(tmp_path / "*.jsonl"), str(tmp_path / "csv"), client=client, part_format="csv", fields=fields)
    with open(tmp_path / "csv" / "part-00001.csv", encoding="utf-8", newline="") as handle:
        assert [row["id"] for row in csv.DictReader(handle)] == ["g3", "g4", "g5"]
    with pytest.raises(BatchError, match="unknown part format"):
        analyze_files(str(tmp_path / "a.jsonl"), str(tmp_path / "x"), client=client, part_format="xlsx")


def test_fsspec_urls_for_inputs_and_output(tmp_path: Path, client) -> None:
    import fsspec

    memory = fsspec.filesystem("memory")
    local = tmp_path / "dump"
    keys = [key.replace(str(local), "memory:///bucket/dump") for key in sharded_dump(local, shards=2, per_shard=3)]
    for path in sorted(local.iterdir()):
        memory.pipe_file(f"/bucket/dump/{path.name}", path.read_bytes())
    summary = analyze_files("memory://bucket/dump/*.jsonl.gz", "memory://bucket/out/", client=client)
    assert summary.output == "memory:///bucket/out" and summary.ok + summary.errors == len(keys)
    manifest = json.loads(memory.cat_file("/bucket/out/_manifest.json"))
    assert manifest["complete"] and manifest["parts"][1]["input"] == "memory:///bucket/dump/dump-01.jsonl.gz"
    copy = tmp_path / "out"
    memory.get("/bucket/out/", str(copy), recursive=True)
    assert record_keys(copy) == Counter(keys)
    assert not memory.exists("/bucket/out/_temporary")


def test_resume_redoes_only_the_parts_the_manifest_lacks(tmp_path: Path, client) -> None:
    keys = sharded_dump(tmp_path / "dump", shards=4, per_shard=3)
    glob, out = str(tmp_path / "dump" / "*.jsonl.gz"), tmp_path / "out"
    analyze_files(glob, str(out), client=client)
    # What a driver killed after part 2 committed but before the manifest said so leaves behind:
    # a manifest without it, and a half-written attempt in _temporary.
    manifest = json.loads((out / "_manifest.json").read_text())
    manifest["parts"] = [p for p in manifest["parts"] if p["index"] != 2]
    manifest.update(complete=False, parts_done=3)
    (out / "_manifest.json").write_text(json.dumps(manifest))
    (out / "_temporary" / "x").mkdir(parents=True)
    (out / "_temporary" / "x" / "part-00002.1-0.jsonl").write_bytes(b'{"id": "half')
    kept = {p: (out / p).stat().st_mtime_ns for p in ("part-00000.jsonl.gz", "part-00003.jsonl.gz")}
    time.sleep(0.01)
    summary = analyze_files(glob, str(out), client=client, resume=True)
    assert (summary.parts_resumed, summary.note) == (3, "resuming: 3 of 4 parts were done")
    assert summary.resumed_from == len(keys) - 3 and summary.ok + summary.errors == len(keys)
    assert {p: (out / p).stat().st_mtime_ns for p in kept} == kept
    assert_exactly_once(out, keys)
    assert analyze_files(glob, str(out), client=client, resume=True).note.startswith("nothing to resume")

    with pytest.raises(BatchError, match="cannot resume"):
        analyze_files(glob, str(out), client=client, resume=True, tokens=True)
    summary = analyze_files(glob, str(out), client=client, tokens=True)  # no --resume: starts over
    assert summary.note.startswith("started over") and summary.parts_resumed == 0
    assert "tokens" in read_jsonl(out / "part-00000.jsonl.gz")[0]


def test_bad_outputs_and_inputs_are_refused(tmp_path: Path, client) -> None:
    dump = tmp_path / "dump"
    sharded_dump(dump, shards=1, per_shard=1)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.md").write_text("keep me")
    with pytest.raises(BatchError, match="not a vnnews job's"):
        analyze_files(str(dump), str(tmp_path / "mine"), client=client)
    assert (tmp_path / "mine" / "notes.md").read_text() == "keep me"
    with pytest.raises(BatchError, match="inside an input"):
        analyze_files(str(tmp_path), str(tmp_path / "dump" / "out"), client=client)
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), \
            pytest.raises(BatchError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        analyze_files(str(dump), str(tmp_path / "out"), scheduler="tcp://127.0.0.1:9")
    for given, message in ((str(tmp_path / "absent.jsonl"), "no such file"), (str(dump / "*.csv"), "no file matches"),
                           (str(tmp_path / "mine"), "holds no .jsonl"), ("-", "standard input")):
        with pytest.raises(InputError, match=message):
            expand_inputs([given])


def test_text_files_go_in_shards_of_many(tmp_path: Path, monkeypatch) -> None:
    from vnnews_nlp.cluster import shards

    monkeypatch.setattr(shards, "FILES_PER_SHARD", 2)
    for name in ("a.txt", "b.html", "c.txt", "d/e.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("Hà Nội", encoding="utf-8")
    found = expand_inputs([str(tmp_path), str(tmp_path / "a.txt")])  # a file given twice is read once
    assert [len(s.paths) for s in found] == [2, 2] and all(s.kind == "files" for s in found)
    items = [i for s in found for i in shards.read_shard(s, FieldMap())]
    assert [i.id for i in items] == ["a", "b", "c", "d/e"] and "html" in items[1].fields


def test_cli_writes_a_folder_and_refuses_one_for_a_local_job(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from vnnews_nlp.cli import app

    keys = sharded_dump(tmp_path / "dump", shards=2, per_shard=2)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, **LOOPBACK) as cluster:
        result = CliRunner().invoke(app, ["batch", str(tmp_path / "dump" / "*.jsonl.gz"), "--engine", "dask",
                                          "--scheduler", cluster.scheduler_address, "-o", f"{tmp_path / 'out'}/",
                                          "--no-progress"])
    assert result.exit_code == 3, result.output  # some records failed (each in _errors/)
    assert f"2 parts, {len(keys) - 2} ok, 2 errors" in result.output and "_manifest.json" in result.output
    assert f"2 of {len(keys)} records failed; see" in result.output and "/out/_errors/" in result.output
    assert_exactly_once(tmp_path / "out", keys)
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "dump"), "-o", str(tmp_path / "local")])
    assert result.exit_code == 1 and "--engine dask" in result.output
    (tmp_path / "other").mkdir()
    write_jsonl(tmp_path / "other" / "body.jsonl", [{"id": "b", "body": "Hà Nội"}])
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "other"), "--engine", "dask", "-o", f"{tmp_path}/o/"])
    assert result.exit_code == 1 and "no field 'text' for the text" in result.output  # before any work


# A real cluster: a `dask scheduler` and two `dask worker` processes on the loopback interface.

class RealCluster:
    def __init__(self, folder: Path):
        self.env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
                    "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "60s"}
        self.file = folder / "scheduler.json"
        self.log = open(folder / "cluster.log", "wb")
        loopback = ["--host", "127.0.0.1", "--no-dashboard", "--dashboard-address", "127.0.0.1:0"]
        self.scheduler = self._start(["scheduler", *loopback, "--port", "0", "--scheduler-file", str(self.file)])
        self.address = self._wait_for_address()
        # No nanny: a killed worker stays dead, and the job must go on without it.
        self.workers = [self._start(["worker", *loopback, "--scheduler-file", str(self.file), "--nthreads", "1",
                                     "--no-nanny", "--memory-limit", "0", "--death-timeout", "60",
                                     "--local-directory", str(folder / f"worker-{n}")]) for n in range(2)]
        with Client(self.address, timeout=60) as client:
            client.wait_for_workers(2, timeout=90)
            self.pids = {w.pid for w in self.workers}
            assert set(client.run(os.getpid).values()) == self.pids

    def _start(self, arguments: list[str]) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "dask", *arguments], env=self.env, stdout=self.log,
                                stderr=subprocess.STDOUT)

    def _wait_for_address(self) -> str:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.file.exists():
                try:
                    return json.loads(self.file.read_text())["address"]
                except (ValueError, KeyError):
                    pass
            assert self.scheduler.poll() is None, "the scheduler did not start"
            time.sleep(0.1)
        raise AssertionError("the scheduler did not write its address in time")

    def batch(self, inputs: str, out: Path, *options: str) -> subprocess.Popen:
        command = [sys.executable, "-m", "vnnews_nlp.cli", "batch", inputs, "--engine", "dask", "--scheduler",
                   self.address, "-o", f"{out}/", "--no-progress", *options]
        return subprocess.Popen(command, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def close(self) -> None:
        for process in self.workers + [self.scheduler]:
            if process.poll() is None:
                process.terminate()
        for process in self.workers + [self.scheduler]:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.log.close()


@pytest.fixture
def real_cluster(tmp_path: Path):
    cluster = RealCluster(tmp_path)
    try:
        yield cluster
    finally:
        cluster.close()


def attempts(out: Path) -> list[tuple[int, int]]:
    """(part, worker pid) of each part being written now (its attempt's file in _temporary)."""
    found = []
    for path in (out / "_temporary").glob("*/part-*.jsonl"):
        part, attempt = path.name.split(".")[:2]
        found.append((int(part.split("-")[1]), int(attempt.split("-")[0])))
    return found


def finish(job: subprocess.Popen) -> str:
    try:
        _, err = job.communicate(timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        job.kill()
        raise
    assert job.returncode == 3, err.decode()  # 3: the job ran, and some records failed (the broken ones)
    return err.decode()


def test_a_worker_killed_midway_loses_no_record_and_doubles_none(tmp_path: Path, real_cluster: RealCluster) -> None:
    keys = sharded_dump(tmp_path / "dump", shards=12, per_shard=16)
    out = tmp_path / "out"
    job = real_cluster.batch(str(tmp_path / "dump" / "*.jsonl.gz"), out)
    victim = real_cluster.workers[0]
    started: list[int] = []  # the parts the victim began, in order
    killed_in = None
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline and job.poll() is None and killed_in is None:
        for part, pid in attempts(out) if out.exists() else []:
            if pid == victim.pid and part not in started:
                started.append(part)
            if pid == victim.pid and len(started) >= 2 and part == started[-1]:
                # Its first part is done (committed: only its result still sits in the worker) and it is
                # midway through the next.
                victim.send_signal(signal.SIGKILL)
                killed_in = part
                break
        time.sleep(0.01)
    assert killed_in is not None, "the worker was not caught midway through its second part"
    assert victim.wait(timeout=30) == -signal.SIGKILL
    assert (out / f"part-{started[0]:05d}.jsonl.gz").exists(), "the lost worker had committed its first part"
    err = finish(job)
    manifest = assert_exactly_once(out, keys)
    by_part = {p["index"]: int(p["worker"].rsplit(":", 1)[1]) for p in manifest["parts"]}
    survivor = real_cluster.workers[1].pid
    assert by_part[killed_in] == survivor, "the part cut short was redone by the surviving worker"
    # A part the lost worker committed counts once, whether its result reached the driver before
    # the kill or the scheduler had the part redone (then its file was replaced by the same part).
    assert set(by_part.values()) <= {victim.pid, survivor}
    print(f"\nworker {victim.pid} killed midway through part {killed_in} (after committing part {started[0]}); "
          f"parts by worker in the manifest: "
          f"{dict(Counter(by_part.values()))}; {manifest['records']} records, {manifest['ok']} ok, "
          f"{manifest['errors']} errors, each once\n{err.strip()}")


def test_a_killed_driver_resumes_to_every_record_once(tmp_path: Path, real_cluster: RealCluster) -> None:
    keys = sharded_dump(tmp_path / "dump", shards=16, per_shard=16)
    out, inputs = tmp_path / "out", str(tmp_path / "dump" / "*.jsonl.gz")
    job = real_cluster.batch(inputs, out)
    deadline = time.monotonic() + DEADLINE
    manifest: dict = {}
    while time.monotonic() < deadline and job.poll() is None:
        try:
            manifest = json.loads((out / "_manifest.json").read_text())
        except (OSError, ValueError):
            manifest = {}
        if manifest.get("parts_done", 0) >= 1:  # saved as soon as the first part commits
            job.send_signal(signal.SIGKILL)
            break
        time.sleep(0.01)
    assert job.wait(timeout=30) == -signal.SIGKILL, "the driver ended before it could be killed midway"
    assert not manifest["complete"]
    committed = {p["output"]: (out / p["output"]).stat().st_mtime_ns for p in manifest["parts"]}
    err = finish(real_cluster.batch(inputs, out, "--resume"))
    assert f"resuming: {len(committed)} of 16 parts were done" in err
    final = assert_exactly_once(out, keys)
    assert {name: (out / name).stat().st_mtime_ns for name in committed} == committed, "committed parts are kept"
    print(f"\ndriver killed after {len(committed)} of 16 parts; the resume: {err.strip()}; "
          f"{final['records']} records, each once")


def test_a_local_cluster_runs_its_workers_without_the_dask_profiler() -> None:
    """The profiler's call-tree history grew each worker by hundreds of MB over a long job."""
    from vnnews_nlp.cluster.job import connect
    from vnnews_nlp.cluster.parts import warn_if_profiling

    with connect(workers=1) as own:
        profiling = own.run(lambda dask_worker: "profile" in dask_worker.periodic_callbacks)
        warned = own.submit(warn_if_profiling, pure=False).result()
    assert list(profiling.values()) == [False]
    assert warned is False


def test_a_profiling_worker_is_warned_about_once(client, caplog) -> None:
    from vnnews_nlp.cluster.parts import warn_if_profiling

    def check() -> tuple[bool, bool]:
        warn_if_profiling.cache_clear()
        return warn_if_profiling(), warn_if_profiling.cache_info().misses == 1 and warn_if_profiling()

    with caplog.at_level("WARNING", logger="vnnews_nlp.cluster.parts"):
        first, again = client.submit(check, pure=False).result()
    assert first and again
    assert sum("profiler is on" in record.getMessage() for record in caplog.records) == 1
