"""Placeholder until this extractor lands."""
from __future__ import annotations

from typing import List

from ..model import Report


def extract_placeholders(report: Report) -> List:
    return []
