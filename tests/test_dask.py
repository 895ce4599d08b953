"""The Dask engine gives the same tables as the local one, on a loopback cluster the test starts."""
from __future__ import annotations

import sys

import pandas as pd
import pytest
from click.testing import CliRunner

from corpus_factory import write_corpus
from reportnlp import engine, pipeline
from reportnlp.cli import main


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        yield cluster


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    write_corpus(folder, n=9)
    (folder / "broken.docx").write_bytes(b"not a zip")
    return folder


def test_dask_tables_equal_local_tables(cluster, corpus):
    local = pipeline.analyze([corpus])
    remote = pipeline.analyze([corpus], engine="dask", scheduler=cluster.scheduler_address)
    for name in pipeline.TABLES:
        pd.testing.assert_frame_equal(local.tables()[name], remote.tables()[name])
    assert len(remote.errors) == 1


def test_dask_streams_the_same_files(cluster, corpus, tmp_path):
    pipeline.analyze_to([corpus], tmp_path / "local", progress=False)
    pipeline.analyze_to([corpus], tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address,
                        progress=False, chunk_documents=2)
    for name in pipeline.TABLES:
        assert (tmp_path / "local" / f"{name}.csv").read_bytes() == (tmp_path / "dask" / f"{name}.csv").read_bytes()


def test_cli_dask_engine_with_scheduler(cluster, corpus, tmp_path):
    result = CliRunner().invoke(main, ["analyze", str(corpus), "--out", str(tmp_path / "o"),
                                       "--engine", "dask", "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("10 documents analysed, 1 errors")  # 9 + the GB18030 twin


def test_missing_dask_says_what_to_install(monkeypatch, corpus, tmp_path):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    with pytest.raises(ImportError, match=r"pip install 'reportnlp\[dask\]'"):
        pipeline.analyze([corpus], engine="dask")
    result = CliRunner().invoke(main, ["analyze", str(corpus), "--out", str(tmp_path / "o"), "--engine", "dask"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"Error: {engine.DASK_MISSING}"]


def test_unknown_engine_is_refused(corpus):
    with pytest.raises(ValueError, match="engine must be one of"):
        pipeline.analyze([corpus], engine="spark")
