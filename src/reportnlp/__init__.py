"""reportnlp: sections, claims, slogans, campaigns and placeholders in Chinese work reports.

    >>> import reportnlp
    >>> a = reportnlp.analyze(["corpus/"], where={"year": (2013, 2025)})
    >>> a.with_meta("claims", ["region", "year"]).head()
    >>> a.save("out/"); a = reportnlp.load("out/")
    >>> reportnlp.describe("claims")                # what every column means
    >>> a.show("some_doc_id")                       # the document view (HTML)
    >>> reportnlp.keyness(a, "year").head()
    >>> reportnlp.find_reuse(reportnlp.read_reports(["corpus/"])[0]).pairs

Importing the package does no work: the comparison, reuse and plotting functions (and
jieba, scikit-learn, datasketch, matplotlib behind them) load on first use.
"""
from importlib import import_module

from .io import read_report
from .model import Claim, Named, Placeholder, Report, Section
from .analysis import Analysis, analyze_text, load
from .pipeline import analyze, analyze_report, sample_corpus, write_tables

# Public name -> the module that defines it, imported when the name is first used.
_LAZY = {
    "keyness": "compare", "adoption": "compare", "adoption_curve": "compare",
    "panel": "compare", "heaping": "compare", "similarity": "compare", "target_vs_result": "compare",
    "find_reuse": "reuse", "reuse_paths": "reuse", "read_reports": "reuse",
    "audit_paths": "audit", "learn_expansions": "expansions", "MaskRestorer": "restore",
    "Tokenizer": "tokenize", "describe": "tabledocs", "show": "docview",
}
# (compare, evaluate, export and reuse stay module names: reportnlp.compare.compare(...);
# exports go through Analysis.export.)

__all__ = [
    "Analysis", "Claim", "Named", "Placeholder", "Report", "Section",
    "analyze", "analyze_report", "analyze_text", "load", "read_report", "sample_corpus", "write_tables",
    *_LAZY,
]
__version__ = "0.1.0"


def __getattr__(name):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'reportnlp' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
