"""The JSON view of a patent: the ``kizuna patents show --json`` interface.

Schema ``kizuna.patent/1`` (documented in docs/json.md; keys are only ever
added, never renamed or removed, within a schema version)::

    {"schema": "kizuna.patent/1",
     "number": "US8930553B2",
     "numbers": [{"number", "display", "country", "kind", "type"}],
     "title", "titles": {lang: text}, "lang", "status",
     "dates": {"filing", "priority", "publication", "grant"},        # ISO dates or null
     "expiry": {"date", "basis": [{"rule", "citation", "detail"}], "caveats",
                "rules_version", "office_expiry",
                "remaining": {"as_of", "days", "years", "expired"[, "note"]}, ...},
     "legal_status": {"code", "label", "as_of", "expiry"},
     "maintenance_fees": null | {"status", "note", "as_of", "lapsed_on", "windows":
                [{"fee", "opens", "due", "grace_end", "state", "paid_on"}], "events",
                "caveats", "citation", "rules_version"},
     "parties": [{"role", "name", "name_latin", "country", "office_code"}],
     "classifications": [{"scheme", "code", "inventive"}],
     "fields": [{"number", "name", "sector"}], "fields_version",
     "priorities": [{"country", "number", "date", "kind"}],
     "family": [{"relation", "number", "date"}],
     "claim_sets": [{"lang", "basis", "source", "as_of", "count"}],
     "claims": [{"number", "independent", "depends_on", "category", "lang", "text",
                 "elements": [{"id", "text", "kind"}]}],
     "abstract", "sources": [{"file", "sha256", "format", "document", "recovered", "warnings"}],
     "notice"}
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from kizuna.domain.fields import FieldConcordance
from kizuna.domain.ids import PatentNumber
from kizuna.domain.patent import ClassificationScheme, Patent
from kizuna.domain.status import FeeEvent
from kizuna.domain.status.legal import NO_FILING_DATE
from kizuna.domain.term import Expiry, remaining_term
from kizuna.services.patent_status import status_of

__all__ = ["NOTICE", "SCHEMA", "patent_to_json"]

SCHEMA = "kizuna.patent/1"
NOTICE = (
    "Kizuna presents the record as read from the sources and a computed term; "
    "it is an analytical aid, not a legal opinion. Check the register before relying on it."
)
_FIELD_SCHEMES = {ClassificationScheme.IPC, ClassificationScheme.CPC}


def _number(n: PatentNumber) -> dict[str, Any]:
    return {
        "number": n.compact,
        "display": n.display,
        "country": n.country,
        "kind": n.kind,
        "type": n.type.value if n.type else None,
    }


def _plain(value: Any) -> Any:
    """Dataclasses and containers to plain JSON-ready values (dates stay dates)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def expiry_json(expiry: Expiry, *, as_of: date) -> dict[str, Any]:
    """Expiry, how it was computed, and the remaining term as of ``as_of``.

    With no computable expiry, ``remaining`` holds nulls and a ``note``
    (``expiry unknown (no filing date recorded)``); everything else still shows.
    """
    view: dict[str, Any] = _plain(expiry)
    if expiry.end is None:
        view["remaining"] = {"as_of": as_of, "days": None, "years": None, "expired": None,
                             "note": NO_FILING_DATE}
        return view
    remaining = remaining_term(expiry, as_of=as_of)
    view["remaining"] = {"as_of": as_of, **_plain(remaining)}
    return view


def patent_to_json(
    patent: Patent,
    *,
    as_of: date,
    concordance: FieldConcordance,
    fee_events: tuple[FeeEvent, ...] = (),
) -> dict[str, Any]:
    """The ``kizuna.patent/1`` view of ``patent`` (dates as ``date`` objects).

    ``fee_events`` are the patent's stored US maintenance-fee events
    (:func:`kizuna.services.patent_status.fee_events`).
    """
    state = status_of(patent, as_of=as_of, events=fee_events)
    codes = [c.code for c in patent.classifications if c.scheme in _FIELD_SCHEMES]
    fields = concordance.fields_for(codes)
    return {
        "schema": SCHEMA,
        "number": patent.number.compact,
        "numbers": [_number(n) for n in sorted(patent.numbers, key=lambda n: n.compact)],
        "title": patent.title,
        "titles": {t.lang: t.text for t in patent.titles},
        "lang": patent.lang,
        "status": patent.status.value,
        "dates": _plain(patent.dates),
        "expiry": expiry_json(state.expiry, as_of=as_of),
        "legal_status": state.legal.to_json(),
        "maintenance_fees": state.maintenance.to_json() if state.maintenance else None,
        "parties": [
            {
                "role": p.role.value,
                "name": p.name,
                "name_latin": p.name_latin,
                "country": p.country,
                "office_code": p.office_code,
            }
            for p in patent.parties
        ],
        "classifications": [
            {"scheme": c.scheme.value, "code": c.code, "inventive": c.inventive}
            for c in patent.classifications
        ],
        "fields": [{"number": f.number, "name": f.name, "sector": f.sector} for f in fields],
        "fields_version": concordance.version,
        "priorities": [
            {"country": p.country, "number": p.number, "date": p.date, "kind": p.kind}
            for p in patent.priorities
        ],
        "family": [
            {"relation": f.relation.value, "number": f.number.compact, "date": f.date}
            for f in patent.family
        ],
        "claim_sets": [
            {
                "lang": s.lang,
                "basis": s.basis.value,
                "source": s.source,
                "as_of": s.as_of,
                "count": len(s.claims),
            }
            for s in patent.claim_sets
        ],
        "claims": [
            {
                "number": c.number,
                "independent": c.independent,
                "depends_on": list(c.depends_on),
                "category": c.category.value,
                "lang": c.lang,
                "text": c.text,
                "elements": [
                    {"id": e.id, "text": e.text, "kind": e.kind.value} for e in c.elements
                ],
            }
            for c in patent.claims
        ],
        "abstract": patent.abstract,
        "sources": [
            {
                "file": s.file,
                "sha256": s.sha256,
                "format": s.format,
                "document": s.document,
                "recovered": s.recovered,
                "warnings": list(s.warnings),
            }
            for s in patent.sources
        ],
        "notice": NOTICE,
    }
