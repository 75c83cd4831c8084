"""Speeding up text and Markdown reading (issue 12.1) must not change a single passage.

A seeded corpus of generated Markdown and plain text, built from the pieces
that each reader step treats specially (headings, list and table markers, code
fences, comments, emphasis, links, sentence ends, abbreviations, long runs,
Japanese), plus the text and Markdown samples, is read and its passages
(ids, text, language, page, heading, paragraph), titles, languages and errors
hashed. The digest is that of the reader before the speed-ups (commit 9b2b931);
a change to it is a change in what users get, to be made on purpose.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

from kizuna.adapters.sources.evidence import EvidenceLimits, read_evidence

EVIDENCE = Path(__file__).parents[2] / "data" / "evidence"
DIGEST = "e8362f2f981abfd0d66be9fc4719280ecf25846e43e91ccbf93d3443b62146c3"

ATOMS = [
    "# ", "## Head", "### x ##", "- ", "* ", "+ ", "1. ", "12) ", "|", "| a | b |", "|---|:--|",
    "---", ":--", "```", "~~~", "<!--", "-->", "**", "__", "_", "`", "*", "[link](http://x)",
    "![img](a.png)", "[a]", "](", "\n", "\n\n", "\r\n", " ", "  ", "\t", "word", "Pump.",
    "e.g. ", "No. 5", "水を送る。", "、", "速い！", "ａｂ", "ｶﾀｶﾅ", "【仕様】", "■ 特長", "［x］",
    "◆y", "\u3000", "。", ". ", "? ", "\u2028", "\x0c", "１. ", "x" * 600, "水" * 300,
]


def corpus() -> list[tuple[str, bytes]]:
    """Sample files, then 3,000 generated texts each read as Markdown and as plain text."""
    inputs = [
        (path.name, path.read_bytes())
        for path in sorted(EVIDENCE.rglob("*"))
        if path.suffix in (".md", ".txt")
    ]
    rng = random.Random(12)
    for number in range(3000):
        text = "".join(rng.choice(ATOMS) for _ in range(rng.randint(1, 60)))
        inputs += [(f"g{number}.md", text.encode()), (f"g{number}.txt", text.encode())]
    return inputs


def digest() -> str:
    limits = EvidenceLimits(max_bytes=2**30, max_chars=2**30, max_passages=10**7)
    out: list[object] = []
    for name, data in corpus():
        try:
            doc = read_evidence(Path(name), data, limits=limits)
        except Exception as exc:  # the error (class and message) is part of the behaviour
            out.append([name, type(exc).__name__, str(exc)])
            continue
        passages = [
            [p.id, p.index, p.text, p.lang, p.location.page, p.location.heading,
             p.location.paragraph]
            for p in doc.passages
        ]
        out.append([name, doc.title, doc.lang, passages])
    return hashlib.sha256(json.dumps(out, ensure_ascii=False).encode()).hexdigest()


def test_passages_are_those_of_the_reader_before_the_speed_ups() -> None:
    assert digest() == DIGEST
