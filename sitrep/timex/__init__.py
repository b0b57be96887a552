"""The time stage: temporal expressions, TIMEX3 values and calendar intervals, and publication dates.

``tag_times`` finds expressions and anchors them on the publication date (or its bounds);
``infer_publication_range`` dates an undated article from what its text says about time.
"""

from __future__ import annotations

from .publication import infer_publication_range
from .tagger import tag_times

__all__ = ["infer_publication_range", "tag_times"]
