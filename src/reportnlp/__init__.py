"""reportnlp: sections, claims, slogans, campaigns and placeholders in Chinese work reports.

    >>> import reportnlp
    >>> a = reportnlp.analyze(["corpus/"])
    >>> a.sections.head()

Importing the package does no work; jieba and matplotlib load only when a feature needs them.
"""
from .model import Claim, Named, Placeholder, Report, Section
from .io import read_report
from .pipeline import Analysis, analyze, analyze_report, sample_corpus, write_tables

__all__ = [
    "Analysis", "Claim", "Named", "Placeholder", "Report", "Section",
    "analyze", "analyze_report", "read_report", "sample_corpus", "write_tables",
]
__version__ = "0.1.0"
