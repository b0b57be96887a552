"""Stage `times`: time expressions anchored on the publication date, which is inferred when unknown."""

from __future__ import annotations

from ..model import Document
from ..timex import infer_publication_range, tag_times
from . import Resources, Stage, stage


@stage("times")
def make_times(resources: Resources) -> Stage:
    def run(document: Document) -> Document:
        if document.published is None and document.published_range is None:
            found = infer_publication_range(document.text, spacy_doc=document.spacy_doc)
            if found is not None:
                document.published_earliest, document.published_latest = found
        anchor = document.published_range
        if anchor is not None and anchor[0] == anchor[1]:
            anchor = anchor[0]  # type: ignore[assignment]
        document.times = tag_times(document.text, anchor, spacy_doc=document.spacy_doc)
        return document

    return run
