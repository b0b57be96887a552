"""The matrix for other tools and for readers: CSV (one row per piece of evidence) and a Markdown brief."""

from __future__ import annotations

import csv
import io

from .matrix import Matrix, Row

CSV_HEAD = (
    "row",
    "indicator",
    "evidence",
    "date",
    "source",
    "grade",
    "credibility",
    "relevance",
    "weight",
    "diagnostic",
    "dismissed",
    "sentence",
    "fact_key",
)


def to_csv(m: Matrix) -> str:
    """Rows of evidence with one column per hypothesis, then a score line per reading."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([*CSV_HEAD[:3], *m.ids, *CSV_HEAD[3:]])
    for r in m.rows:
        e = r.citation()
        w.writerow(
            [
                r.id,
                r.indicator or "",
                r.text,
                *(r.cells[h] for h in m.ids),
                _day(r),
                _source(r),
                r.grade,
                r.credibility,
                r.relevance,
                f"{r.weight:.4f}",
                "yes" if r.diagnostic else "no",
                "yes" if r.dismissed else "no",
                e["sentence"] if e else "",
                e["fact_key"] if e else "",
            ]
        )
    w.writerow(["", "", "weighted inconsistency", *(f"{m.scores.inconsistency[h]:.4f}" for h in m.ids)])
    w.writerow(["", "", "posterior (equal priors)", *(f"{m.scores.posterior[h]:.4f}" for h in m.ids)])
    return out.getvalue()


def brief(m: Matrix) -> str:
    """The leading hypothesis, the diagnostic evidence with citations, and what would change the ranking."""
    text = dict(m.hypotheses)
    lead = m.leading
    lines = [f"# {m.name}: {m.question}".rstrip(": "), ""]
    if m.as_of:
        lines += [f"*Evidence published by {m.as_of.isoformat()}.*", ""]
    active = [r for r in m.rows if not r.dismissed]
    lines += [
        f"**Leading hypothesis: {lead} — {text[lead]}** (least weighted inconsistency, "
        f"{m.scores.inconsistency[lead]:.2f}; posterior {m.scores.posterior[lead]:.0%} from equal priors, "
        f"over {len(active)} rows of evidence).",
        "",
        "| hypothesis | inconsistency | posterior |",
        "|---|---:|---:|",
    ]
    for h in m.scores.ranking:
        lines.append(f"| {h} {text[h]} | {m.scores.inconsistency[h]:.2f} | {m.scores.posterior[h]:.0%} |")
    lines += ["", "## Diagnostic evidence", ""]
    diagnostic = sorted((r for r in active if r.diagnostic), key=lambda r: -r.diagnosticity)
    for r in diagnostic:
        cells = ", ".join(f"{h} {r.cells[h]}" for h in m.ids)
        lines.append(f"- **{r.text}** ({cells}): “{_sentence(r)}” — {_citation(r)} `{r.id}`")
    if not diagnostic:
        lines.append("- none: no row tells the hypotheses apart yet.")
    flat = [r for r in active if not r.diagnostic]
    if flat:
        lines += [
            "",
            f"{len(flat)} non-diagnostic rows (consistent with every hypothesis alike) are left out.",
        ]
    lines += ["", "## What would change the ranking", ""]
    sensitive = [r for r in active if r.key in m.sensitive]
    if sensitive:
        lines.append("The lead rests on these rows; without any one of them another hypothesis leads:")
        lines += [f"- {r.text}: “{_sentence(r)}” — {_citation(r)} `{r.id}`" for r in sensitive]
    else:
        lines.append("No single row decides the lead: removing any one of them leaves it where it is.")
    for h, gap in m.margin().items():
        lines.append(
            f"- {h} would draw level with {gap:.2f} more weighted inconsistency against {lead} "
            f"(one I row of weight {gap:.2f}, or an II row of weight {gap / 2:.2f})."
        )
    return "\n".join(lines) + "\n"


def _day(r: Row) -> str:
    return r.date.isoformat() if r.date else ""


def _source(r: Row) -> str:
    e = r.citation()
    return (e["source"] or e["title"] or e["document"] or "") if e else ""


def _sentence(r: Row) -> str:
    e = r.citation()
    return " ".join((e["sentence"] if e else r.text).split())


def _citation(r: Row) -> str:
    return ", ".join(x for x in (_source(r) or "analyst", _day(r)) if x)
