"""Target ranking speed: kizuna's vectorised scoring core against a plain pandas/NumPy baseline.

    .venv/bin/python benchmarks/landscape.py --patents 10000 --companies 1000 --top 100

Builds a synthetic but realistic portfolio and company set in memory (no database):
patents in 1-3 WIPO fields drawn from a skewed field distribution, sector weights and JSIC
groups from Kizuna's shipped mappings, remaining terms spread over 0-20 years, about 30% with
a live JP right; companies with 0-200 own filings over a few fields, products matching 0-2
sectors, JSIC groups, Japan revenue from 1億円 to 10兆円 (log-uniform), exposure scores, 2,000
charted pairs, 500 encumbered pairs and 3,000 owner pairs. Text relevance: each patent has
about 60 terms drawn from a Zipf-like vocabulary of 20,000 (title terms weigh 1.0, the rest
0.6), and a third of patents name one sector in their text (weight 0.2); each company has
1-3 products of 1-3 terms from the same vocabulary less its 200 commonest terms. The
product-name overlap of every pair is precomputed with ``LexicalIndex`` +
``lexical_matrix`` (timed and printed on its own line: ``kizuna targets rank`` computes it
once per ranking, before scoring). Then, each in turn:

- **baseline**: the same formula written plainly: a pandas cross join of patents x companies,
  one column per factor computed with pandas/NumPy, relevance ``1 - (1 - activity)(1 -
  text)(1 - evidence)`` gating revenue and exposure, the weighted sum, blocked pairs zeroed,
  owner pairs dropped, and ``sort_values`` (stable) for the top N;
- **kizuna**: ``score_matrix`` + ``top_pairs`` + ``explain_pair`` for the top N, the core of
  ``kizuna targets rank``.

Prints pairs/s, the ratio of the two times, peak traced memory (tracemalloc, NumPy
allocations included) and checks that both give the same top N.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from kizuna.adapters.landscape_data import landscape_map
from kizuna.domain.company import Company
from kizuna.domain.fields import TechnologyField
from kizuna.domain.landscape import Factor, PatentProfile
from kizuna.domain.targets import TargetWeights
from kizuna.services.target_inputs import PairContext
from kizuna.services.target_scoring import ScoringInputs, score_matrix, top_pairs
from kizuna.services.target_text import LexicalIndex, lexical_matrix
from kizuna.services.targets import explain_pair


def _pairs(rng: np.random.Generator, n: int, shape: tuple[int, int]) -> tuple[Any, Any]:
    flat = rng.choice(shape[0] * shape[1], size=n, replace=False)
    rows, cols = np.unravel_index(np.sort(flat), shape)
    return rows.astype(np.intp), cols.astype(np.intp)


def synthetic_text(
    rng: np.random.Generator, patents: int, companies: int
) -> tuple[list[dict[str, float]], list[list[str]]]:
    """Patent term weights and company product names over a Zipf-like vocabulary."""
    vocabulary = np.array([f"w{k}" for k in range(20_000)])
    p = 1.0 / np.arange(1, vocabulary.size + 1) ** 0.9
    p /= p.sum()
    patent_terms = []
    for _ in range(patents):
        drawn = vocabulary[rng.choice(vocabulary.size, size=60, p=p)]
        weights = dict.fromkeys(drawn.tolist(), 0.6)
        weights.update(dict.fromkeys(drawn[:6].tolist(), 1.0))
        patent_terms.append(weights)
    specific = p[200:] / p[200:].sum()  # product names skip the commonest (stop-word-like) terms
    products = [
        [" ".join(vocabulary[200 + rng.choice(specific.size, size=rng.integers(1, 4), p=specific)])
         for _ in range(rng.integers(1, 4))]
        for _ in range(companies)
    ]
    return patent_terms, products


def synthetic(
    patents: int, companies: int, seed: int = 7
) -> tuple[ScoringInputs, float]:
    """Realistic-looking scoring inputs drawn from the shipped mappings; text seconds."""
    rng = np.random.default_rng(seed)
    lmap = landscape_map()
    sectors = [s.code for s in lmap.sectors]
    groups = sorted({g for codes in lmap.field_jsic.values() for g in codes})
    field_p = rng.dirichlet(np.full(35, 0.6))
    patent_fields = np.zeros((patents, 35))
    for i in range(patents):
        patent_fields[i, rng.choice(35, size=rng.integers(1, 4), replace=False, p=field_p)] = 1
    rule_w = np.zeros((35, len(sectors)))
    for rule in lmap.rules:
        if rule.ipc_prefix is None:
            f, s = rule.field_number - 1, sectors.index(rule.sector)
            rule_w[f, s] = max(rule_w[f, s], rule.weight)
    patent_sectors = (patent_fields[:, :, None] * rule_w[None, :, :]).max(axis=1)
    field_jsic = np.zeros((35, len(groups)))
    for number, codes in lmap.field_jsic.items():
        for code in codes:
            field_jsic[number - 1, groups.index(code)] = 1
    patent_jsic = np.minimum(patent_fields @ field_jsic, 1.0)
    filings = np.zeros((companies, 35))
    for j in range(companies):
        chosen = rng.choice(35, size=rng.integers(0, 4), replace=False, p=field_p)
        filings[j, chosen] = rng.integers(0, 200, size=chosen.size)
    company_jsic = np.zeros((companies, len(groups)))
    for j in range(companies):
        company_jsic[j, rng.choice(len(groups), size=rng.integers(0, 3), replace=False)] = 1
    company_sectors = (rng.random((companies, len(sectors))) < 0.15).astype(float)
    revenue = np.clip((rng.uniform(8, 13, companies) - 8) / 5, 0, 1)
    exposure = np.where(rng.random(companies) < 0.7, 1.0, rng.random(companies))
    shape = (patents, companies)
    evidence = _pairs(rng, 2_000, shape)
    text_sectors = np.zeros((patents, len(sectors)))
    named = rng.random(patents) < 0.33
    text_sectors[named, rng.integers(0, len(sectors), size=int(named.sum()))] = 0.2
    patent_terms, products = synthetic_text(rng, patents, companies)
    start = time.perf_counter()
    lexical = lexical_matrix(LexicalIndex.build(patent_terms, products), patent_terms)
    text_seconds = time.perf_counter() - start
    inputs = ScoringInputs(
        patent_term=rng.uniform(0, 1, patents),
        patent_live_jp=rng.choice([0.0, 0.5, 1.0], size=patents, p=[0.5, 0.2, 0.3]),
        patent_breadth=rng.uniform(0, 1, patents),
        patent_fields=patent_fields, patent_sectors=patent_sectors, patent_jsic=patent_jsic,
        company_filings=filings, company_sectors=company_sectors, company_jsic=company_jsic,
        company_revenue=revenue, company_exposure=exposure,
        evidence=evidence, evidence_coverage=rng.uniform(0.2, 1.0, evidence[0].size),
        blocked=_pairs(rng, 500, shape), excluded=_pairs(rng, 3_000, shape),
        patent_text_sectors=text_sectors, pair_lexical=lexical,
    )
    return inputs, text_seconds


def baseline(inputs: ScoringInputs, weights: TargetWeights, top: int) -> list[tuple[int, int]]:
    """The same formula, written plainly with a pandas cross join."""
    n_p, n_c = inputs.shape
    pairs = pd.DataFrame({"p": np.repeat(np.arange(n_p), n_c), "c": np.tile(np.arange(n_c), n_p)})
    p, c = pairs["p"].to_numpy(), pairs["c"].to_numpy()
    shared = (inputs.patent_fields @ inputs.company_filings.T).ravel()
    pairs["filings"] = shared / (shared + 2.0)
    products = np.zeros(len(pairs))
    for s in range(inputs.patent_sectors.shape[1]):
        products = np.maximum(products, inputs.patent_sectors[p, s] * inputs.company_sectors[c, s])
    overlap = (inputs.patent_jsic @ inputs.company_jsic.T).ravel()
    industry = np.where(overlap > 0, 0.3, 0.0)
    pairs["activity"] = 1 - (1 - pairs["filings"]) * (1 - 0.5 * products) * (1 - industry)
    assert inputs.patent_text_sectors is not None and inputs.pair_lexical is not None
    bridge = np.zeros(len(pairs))
    for s in range(inputs.patent_text_sectors.shape[1]):
        bridge = np.maximum(bridge,
                            inputs.patent_text_sectors[p, s] * inputs.company_sectors[c, s])
    pairs["text"] = 1 - (1 - inputs.pair_lexical.ravel()) * (1 - bridge)
    known = (inputs.patent_jsic.sum(axis=1)[p] > 0) & (inputs.company_jsic.sum(axis=1)[c] > 0)
    line = np.where(known, np.where(overlap > 0, 1.0, 0.1), 0.5)
    evidence = pd.DataFrame({"p": inputs.evidence[0], "c": inputs.evidence[1],
                             "evidence": inputs.evidence_coverage}).groupby(["p", "c"]).max()
    pairs = pairs.join(evidence, on=["p", "c"])
    pairs["evidence"] = pairs["evidence"].fillna(0.0)
    pairs["relevance"] = 1 - (1 - pairs["activity"]) * (1 - pairs["text"]) * (
        1 - pairs["evidence"])
    pairs["revenue"] = line * inputs.company_revenue[c] * pairs["relevance"]
    pairs["exposure"] = inputs.company_exposure[c] * pairs["relevance"]
    w = weights
    pairs["score"] = 100.0 / w.total * (
        w.remaining_term * inputs.patent_term[p] + w.live_jp * inputs.patent_live_jp[p]
        + w.claim_breadth * inputs.patent_breadth[p] + w.evidence * pairs["evidence"]
        + w.activity * pairs["activity"] + w.text * pairs["text"]
        + w.revenue * pairs["revenue"] + w.exposure * pairs["exposure"]
    )
    flat_blocked = inputs.blocked[0] * n_c + inputs.blocked[1]
    pairs.loc[flat_blocked, "score"] = 0.0
    pairs = pairs.drop(index=inputs.excluded[0] * n_c + inputs.excluded[1])
    best = pairs.sort_values("score", ascending=False, kind="stable").head(top)
    return list(zip(best["p"].tolist(), best["c"].tolist(), strict=True))


def kizuna(inputs: ScoringInputs, weights: TargetWeights, top: int) -> list[tuple[int, int]]:
    """Kizuna's core: vectorised score, top N, each of them explained."""
    matrix = score_matrix(inputs, weights)
    rows, cols = top_pairs(matrix.score, top)
    ctx = _context(inputs)
    chosen = list(zip(rows.tolist(), cols.tolist(), strict=True))
    for i, j in chosen:
        explain_pair(inputs, ctx, weights, i, j)
    return chosen


def _context(inputs: ScoringInputs) -> PairContext:
    n_p, n_c = inputs.shape
    lmap = landscape_map()
    field = TechnologyField(number=1, name="synthetic", sector="synthetic")
    profiles = [
        PatentProfile(number=f"XX{i:07d}", numbers=(f"XX{i:07d}",), country="XX", title=None,
                      fields=(field,), sectors={}, jsic=("28",), expiry=None,
                      term=Factor(value=float(inputs.patent_term[i]), detail="synthetic"),
                      live_jp=Factor(value=float(inputs.patent_live_jp[i]), detail="synthetic"),
                      breadth=Factor(value=float(inputs.patent_breadth[i]), detail="synthetic"))
        for i in range(n_p)
    ]
    return PairContext(
        profiles=profiles, companies=[Company(id=j, name_en=f"Company {j}") for j in range(n_c)],
        sector_codes=tuple(s.code for s in lmap.sectors), jsic_codes=(),
        revenue_notes=["synthetic"] * n_c, exposure_notes=["synthetic"] * n_c,
    )


def measure(run: Callable[[], list[tuple[int, int]]]) -> tuple[float, int, list[tuple[int, int]]]:
    """Seconds, peak traced bytes, result."""
    gc.collect()
    tracemalloc.start()
    start = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak, result


def main(argv: list[str] | None = None) -> int:
    """Run both, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patents", type=int, default=10_000)
    parser.add_argument("--companies", type=int, default=1_000)
    parser.add_argument("--top", type=int, default=100)
    args = parser.parse_args(argv)
    inputs, text_seconds = synthetic(args.patents, args.companies)
    assert inputs.pair_lexical is not None
    weights = TargetWeights()
    pairs = args.patents * args.companies
    print(f"{args.patents:,} patents x {args.companies:,} companies = {pairs:,} pairs, "
          f"top {args.top}")
    print(f"text relevance precomputed (LexicalIndex + lexical_matrix, shared by both): "
          f"{text_seconds:.2f} s, {np.count_nonzero(inputs.pair_lexical):,} pairs > 0")
    print(f"{'mode':>9} {'sec':>7} {'pairs/s':>13} {'ratio':>6} {'peak MB':>8}")
    base_s, base_peak, base_top = measure(lambda: baseline(inputs, weights, args.top))
    print(f"{'baseline':>9} {base_s:7.2f} {pairs / base_s:13,.0f} {'1.00':>6} "
          f"{base_peak / 2**20:8.0f}")
    ours_s, ours_peak, ours_top = measure(lambda: kizuna(inputs, weights, args.top))
    print(f"{'kizuna':>9} {ours_s:7.2f} {pairs / ours_s:13,.0f} {ours_s / base_s:6.2f} "
          f"{ours_peak / 2**20:8.0f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS {rss:,.0f} MB; same top {args.top}: {base_top == ours_top}")
    target_ok = ours_s <= 2 * base_s and ours_s < 60
    print(f"target (within 2x of baseline, under 60 s): {'met' if target_ok else 'NOT met'}")
    return 0 if base_top == ours_top else 1


if __name__ == "__main__":
    sys.exit(main())
