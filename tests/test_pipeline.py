"""The pipeline: same tables whatever the jobs, streaming to disk, resuming after a kill."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from corpus_factory import report_text, write_corpus
from reportnlp import pipeline, writer
from reportnlp.model import Report

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    write_corpus(folder, n=12)
    return folder


def assert_same_tables(a: pipeline.Analysis, b: pipeline.Analysis) -> None:
    for name in pipeline.TABLES:
        pd.testing.assert_frame_equal(a.tables()[name].reset_index(drop=True),
                                      b.tables()[name].reset_index(drop=True), check_dtype=True)


def test_every_table_has_the_output_columns_first(corpus):
    result = pipeline.analyze([corpus])
    for name, frame in result.tables().items():
        assert list(frame.columns[: len(pipeline.COLUMNS[name])]) == pipeline.COLUMNS[name]
    assert len(result.documents) == 13
    assert result.documents.doc_id.is_unique


def test_dtypes_do_not_depend_on_the_rows(corpus, tmp_path):
    empty = tmp_path / "empty_but_one"
    empty.mkdir()
    (empty / "only.txt").write_text("某村工作总结\n今年做了一些工作。\n", encoding="utf-8")
    full, sparse = pipeline.analyze([corpus]), pipeline.analyze([empty])
    for name in pipeline.TABLES:
        assert dict(full.tables()[name].dtypes) == dict(sparse.tables()[name].dtypes), name
    assert str(full.documents.year.dtype) == "Int64"
    assert str(full.claims.placeholder.dtype) == "boolean"


def test_jobs_do_not_change_rows_or_order(corpus):
    assert_same_tables(pipeline.analyze([corpus], jobs=1), pipeline.analyze([corpus], jobs=2))


def test_streamed_files_equal_the_in_memory_tables(corpus, tmp_path):
    expected = pipeline.analyze([corpus])
    for fmt in ("csv", "parquet"):
        out = tmp_path / fmt
        summary = pipeline.analyze_to([corpus], out, fmt=fmt, jobs=2, progress=False,
                                      chunk_documents=3)
        assert sorted(p.name for p in summary.files) == sorted(f"{t}.{fmt}" for t in pipeline.TABLES)
        assert not (out / writer.PARTIAL_DIR).exists()
        assert_same_tables(expected, pipeline.read_tables(out))


def test_csv_bytes_identical_for_one_and_two_jobs(corpus, tmp_path):
    pipeline.analyze_to([corpus], tmp_path / "one", jobs=1, progress=False, chunk_documents=4)
    pipeline.analyze_to([corpus], tmp_path / "two", jobs=2, progress=False, chunk_documents=5)
    for name in pipeline.TABLES:
        assert (tmp_path / "one" / f"{name}.csv").read_bytes() == (tmp_path / "two" / f"{name}.csv").read_bytes()


class Interrupted(Exception):
    pass


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_resume_after_an_exception_skips_done_documents(corpus, tmp_path, monkeypatch, fmt):
    reference = tmp_path / "reference"
    pipeline.analyze_to([corpus], reference, fmt=fmt, progress=False, chunk_documents=2)

    out = tmp_path / "out"
    real_write = writer.TableStore.write_chunk
    calls = {"n": 0}

    def failing_write(self, rows, keys):
        if calls["n"] == 3:
            raise Interrupted()
        calls["n"] += 1
        real_write(self, rows, keys)

    monkeypatch.setattr(writer.TableStore, "write_chunk", failing_write)
    with pytest.raises(Interrupted):
        pipeline.analyze_to([corpus], out, fmt=fmt, progress=False, chunk_documents=2)
    assert not (out / f"documents.{fmt}").exists()  # nothing half-written in DIR
    monkeypatch.setattr(writer.TableStore, "write_chunk", real_write)

    seen = []
    real_process = pipeline.process_path
    monkeypatch.setattr(pipeline, "process_path", lambda p, d=None: seen.append(d) or real_process(p, d))
    # time_limit=None: documents run in this process, where ``seen`` can count them
    summary = pipeline.analyze_to([corpus], out, fmt=fmt, progress=False, chunk_documents=2,
                                  time_limit=None)
    assert summary.resumed == 6 and len(seen) == 13 - 6
    assert_same_tables(pipeline.read_tables(reference), pipeline.read_tables(out))
    if fmt == "csv":
        for name in pipeline.TABLES:
            assert (reference / f"{name}.csv").read_bytes() == (out / f"{name}.csv").read_bytes()


def test_rows_written_after_the_checkpoint_are_cut_off(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    real_save = writer.TableStore._save_checkpoint
    calls = {"n": 0}

    def crash_before_checkpoint(self):
        calls["n"] += 1
        if calls["n"] == 3:  # 1: fresh start, 2: first chunk, 3: second chunk's rows are on disk
            raise Interrupted()
        real_save(self)

    monkeypatch.setattr(writer.TableStore, "_save_checkpoint", crash_before_checkpoint)
    with pytest.raises(Interrupted):
        pipeline.analyze_to([corpus], out, progress=False, chunk_documents=4)
    monkeypatch.setattr(writer.TableStore, "_save_checkpoint", real_save)
    summary = pipeline.analyze_to([corpus], out, progress=False, chunk_documents=4)
    assert summary.resumed == 4
    docs = pd.read_csv(out / "documents.csv")
    assert docs.doc_id.is_unique and len(docs) == 13


def test_other_inputs_start_over(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(writer.TableStore, "finish", lambda self: [])
    pipeline.analyze_to([corpus], out, progress=False, chunk_documents=2)
    monkeypatch.undo()
    other = tmp_path / "other"
    write_corpus(other, n=3)
    with pytest.warns(UserWarning, match="starting over"):
        summary = pipeline.analyze_to([other], out, progress=False)
    assert summary.resumed == 0
    assert len(pd.read_csv(out / "documents.csv")) == 4


KILL_SCRIPT = textwrap.dedent("""
    import sys, time
    from reportnlp import pipeline
    real = pipeline.process_path
    def slow(path, doc_id=None):
        time.sleep(0.05)
        return real(path, doc_id)
    pipeline.process_path = slow
    pipeline.analyze_to([sys.argv[1]], sys.argv[2], fmt=sys.argv[3], progress=False, chunk_documents=2)
""")


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_resume_after_kill_gives_the_uninterrupted_tables(tmp_path, fmt):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, n=40)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(corpus), str(out), fmt])
    checkpoint = out / writer.PARTIAL_DIR / "checkpoint.json"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if json.loads(checkpoint.read_text())["chunks"] >= 4:
                break
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.02)
    assert proc.poll() is None, "the run finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (out / f"claims.{fmt}").exists()

    summary = pipeline.analyze_to([corpus], out, fmt=fmt, progress=False, chunk_documents=2)
    assert 8 <= summary.resumed < 41
    reference = tmp_path / "reference"
    pipeline.analyze_to([corpus], reference, fmt=fmt, progress=False, chunk_documents=2)
    assert_same_tables(pipeline.read_tables(reference), pipeline.read_tables(out))


def test_duplicate_file_names_get_unique_doc_ids(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "same_2022_gov.txt").write_text(report_text(1), encoding="utf-8")
    result = pipeline.analyze([tmp_path])
    assert list(result.documents.doc_id) == ["same_2022_gov", "same_2022_gov-2"]


def test_doc_ids_are_unique_by_construction_in_every_reader(tmp_path):
    # a real a-2.txt beside two a.txt: the second a.txt must not become a second "a-2"
    for name in ("x/a.txt", "x/a-2.txt", "y/a.txt", "z/a.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(report_text(len(name)), encoding="utf-8")
    from reportnlp.audit import audit_paths
    from reportnlp.reuse import read_reports

    ids = list(pipeline.analyze([tmp_path]).documents.doc_id)
    assert len(set(ids)) == 4 and sorted(ids) == sorted(["a-2", "a", "a-3", "a-4"])
    assert [r.doc_id for r in read_reports([tmp_path])[0]] == ids
    assert [row["doc_id"] for row in audit_paths([tmp_path]).rows if row["text"] == "[X]"] == ids


def test_manifest_columns_are_kept_even_when_streaming(tmp_path):
    folder = tmp_path / "c"
    write_corpus(folder, n=3)
    (folder / "MANIFEST.csv").write_text("file,county,doc_type\ntown_001_2020_gov.txt,某县,gov\n",
                                         encoding="utf-8")
    pipeline.analyze_to([folder], tmp_path / "out", progress=False, chunk_documents=1)
    docs = pd.read_csv(tmp_path / "out" / "documents.csv")
    assert {"county", "doc_type"} <= set(docs.columns)
    assert docs.set_index("doc_id").loc["town_001_2020_gov", "county"] == "某县"


def test_analyze_report_does_not_import_jieba():
    code = ("import sys; from reportnlp import pipeline; from reportnlp.model import Report;"
            f"pipeline.analyze_report(Report('x', {report_text(3)!r}));"
            "pipeline.analyze([pipeline.sample_corpus()]);"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jieba', 'rjieba')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_an_extractor_bug_is_an_errors_row_and_the_batch_goes_on(corpus, monkeypatch):
    from reportnlp.extract import named

    real = named.extract_named

    def broken(report: Report):
        if report.doc_id.startswith("town_003"):
            raise RuntimeError("boom")
        return real(report)

    monkeypatch.setattr(named, "extract_named", broken)
    result = pipeline.analyze([corpus])
    assert len(result.documents) == 12
    assert list(result.errors.code) == ["E201"]
    assert "RuntimeError: boom" in result.errors.message[0]


def test_default_input_is_the_sample_corpus():
    result = pipeline.analyze()
    assert len(result.documents) > 0 and result.errors.empty


# --- issue 13: bounded time, no orphans, one run per --out, crash-safe finish ----------


def _slow_on(doc_ids, what="sleep"):
    """analyze_report that hangs (or kills its process) on the given doc_ids."""
    real = pipeline.analyze_report

    def analyze_report(report):
        if report.doc_id in doc_ids:
            if what == "sleep":
                time.sleep(120)
            else:
                os._exit(9)
        return real(report)
    return analyze_report


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_hung_document_becomes_an_errors_row_and_the_batch_goes_on(corpus, tmp_path, monkeypatch, jobs):
    names = sorted(p.name for p in corpus.iterdir())
    from reportnlp.io import doc_id_for

    hung = doc_id_for(names[3])
    monkeypatch.setattr(pipeline, "analyze_report", _slow_on({hung}))
    out = tmp_path / "out"
    summary = pipeline.analyze_to([corpus], out, jobs=jobs, progress=False, chunk_documents=4, time_limit=2)
    tables = pipeline.read_tables(out)
    assert summary.documents == len(names) - 1 and hung not in set(tables.documents.doc_id)
    assert list(tables.errors.code) == ["E202"]
    assert tables.errors.path[0].endswith(names[3]) and "time limit" in tables.errors.message[0]
    # the other documents are those of a run without the hang, in the same order
    monkeypatch.undo()
    reference = pipeline.analyze([corpus], time_limit=None)
    assert list(tables.documents.doc_id) == [d for d in reference.documents.doc_id if d != hung]


def test_a_worker_that_dies_is_an_errors_row(corpus, monkeypatch):
    dead = "town_005_2019_gov"
    monkeypatch.setattr(pipeline, "analyze_report", _slow_on({dead}, what="exit"))
    result = pipeline.analyze([corpus], jobs=2)
    assert list(result.errors.code) == ["E203"] and dead not in set(result.documents.doc_id)
    assert len(result.documents) == 12


SLOW_CLI = textwrap.dedent("""
    import sys, time
    from reportnlp import pipeline
    real = pipeline.analyze_report
    def slow(report):
        time.sleep(0.3)
        return real(report)
    pipeline.analyze_report = slow
    from reportnlp.cli import main
    sys.argv = ["reportnlp"] + sys.argv[1:]
    main()
""")


def _children(pid: int) -> set:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_their_parent(tmp_path, sig):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, n=40)
    proc = subprocess.Popen([sys.executable, "-c", SLOW_CLI, "analyze", str(corpus), "--out",
                             str(tmp_path / "out"), "--jobs", "2", "--no-progress"],
                            env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    deadline = time.monotonic() + 60
    workers: set = set()
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the workers did not start"
    os.kill(proc.pid, sig)
    proc.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.05)
    assert not [w for w in workers if _alive(w)]


def test_a_second_run_on_the_same_out_is_refused_and_a_stale_lock_is_taken_over(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, n=30)
    out = tmp_path / "out"
    first = subprocess.Popen([sys.executable, "-c", SLOW_CLI, "analyze", str(corpus), "--out", str(out),
                              "--jobs", "1", "--no-progress"],
                             env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    lock = out / writer.LOCK_FILE
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (lock.exists() and lock.read_text()):
        time.sleep(0.05)
    try:
        with pytest.raises(writer.OutputLocked, match=f"pid {first.pid}"):
            pipeline.analyze_to([corpus], out, progress=False)
        from click.testing import CliRunner
        from reportnlp.cli import main

        result = CliRunner().invoke(main, ["analyze", str(corpus), "--out", str(out)])
        assert result.exit_code == 1 and "another reportnlp run" in result.stderr
    finally:
        first.kill()
        first.wait()
    assert lock.exists()  # left behind by the killed run: stale
    summary = pipeline.analyze_to([corpus], out, progress=False)
    assert summary.documents + summary.resumed == 31 and not lock.exists()
    reference = pipeline.analyze([corpus], time_limit=None)
    assert_same_tables(reference, pipeline.read_tables(out))


class Crash(BaseException):
    """Stands for a kill: nothing after it runs, no except clause sees it."""


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_kill_at_any_step_of_finish_loses_nothing(corpus, tmp_path, monkeypatch, fmt):
    reference = tmp_path / "reference"
    pipeline.analyze_to([corpus], reference, fmt=fmt, progress=False, chunk_documents=3, time_limit=None)
    expected = pipeline.read_tables(reference)
    real_finish = writer.TableStore.finish
    step, calls = 0, {"n": None}  # None: not in finish, no crash

    def crashing(real):
        def wrapper(*args, **kwargs):
            if calls["n"] is not None:
                if calls["n"] == step:
                    raise Crash()
                calls["n"] += 1
            return real(*args, **kwargs)
        return wrapper

    def finish(self):
        calls["n"] = 0
        try:
            return real_finish(self)
        finally:
            calls["n"] = None

    while True:
        out = tmp_path / f"out{step}"
        with monkeypatch.context() as patch:
            # every file-system step of finish: renames, removals, part merges
            for owner, name in ((writer.os, "replace"), (writer.os, "unlink"), (writer.shutil, "rmtree"),
                                (writer.TableStore, "_merge_parts")):
                patch.setattr(owner, name, crashing(getattr(owner, name)))
            patch.setattr(writer.TableStore, "finish", finish)
            try:
                pipeline.analyze_to([corpus], out, fmt=fmt, progress=False, chunk_documents=3, time_limit=None)
                crashed = False
            except Crash:
                crashed = True
        spool_left = (out / writer.PARTIAL_DIR / "checkpoint.json").exists()
        summary = pipeline.analyze_to([corpus], out, fmt=fmt, progress=False, chunk_documents=3, time_limit=None)
        assert_same_tables(expected, pipeline.read_tables(out))
        assert not (out / writer.PARTIAL_DIR).exists()
        if not crashed:
            break
        if spool_left:  # nothing is computed again: the spool or the final tables serve
            assert summary.resumed == 13 and summary.documents == 0, step
        step += 1
    assert step >= 8  # the tables' moves and the clean-up were each interrupted in turn
