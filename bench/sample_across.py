"""A fixed-seed sample of clusters and contradictions from a store of real news, printed for judging
by reading (the judgments go to ``bench/results/across_news_judgments.json`` with their rubric).

    sitrep ingest SAMPLE.jsonl --workers 2 --db news.db     # e.g. articles of ../shared/data/news-dev
    python bench/sample_across.py --db news.db [--clusters 20] [--contradictions 20] [--seed 13]

Clusters are drawn among those told by two documents or more (copies and one outlet's repeats
included, so that what the merging does is seen); every contradiction is printed when there are no
more than asked for.
"""

from __future__ import annotations

import argparse
import random

from sitrep.across.clustering import clusters
from sitrep.across.contradictions import contradictions
from sitrep.store import open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--clusters", type=int, default=20)
    parser.add_argument("--contradictions", type=int, default=20)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    store = open_store(args.db)
    with store.sessions() as session:
        found = clusters(session, min_reports=1, limit=None).items
        several = [c for c in found if len(c.documents) > 1]
        print(
            f"{len(found):,} clusters; {len(several):,} told by two documents or more; "
            f"{sum(c.independent > 1 for c in found):,} by two independent reports or more"
        )
        for c in sorted(rng.sample(several, min(args.clusters, len(several))), key=lambda c: c.id):
            print(
                f"\n## cluster {c.id} {c.type} {c.start}..{c.end}: {len(c.documents)} documents, {c.independent} independent"
            )
            print("   agreed: " + "; ".join(sorted({a for k in c.links for a in k.agreed})))
            for e in c.events:
                s = e.stored
                when = e.time.text if e.time else "undated"
                print(f"   - [{s.source}, {s.published}, {when}] {e.evidence.sentence.strip()}")
        clashes = contradictions(session, limit=None).items
        print(f"\n{len(clashes):,} contradictions")
        for x in sorted(
            rng.sample(clashes, min(args.contradictions, len(clashes))), key=lambda x: (x.rank, x.cluster)
        ):
            print(f"\n## contradiction {x.cluster}/{x.kind}: {x.detail}")
            for e in (x.event_a, x.event_b):
                print(
                    f"   - [{e.stored.source}, {e.stored.published}, {e.modality}] {e.evidence.sentence.strip()}"
                )
    store.close()


if __name__ == "__main__":
    main()
