"""Claim charts: each build, its elements and proposed passages, and the review history.

Tables (migration ``0005_charts``):

- ``charts``: one row per build of (patent, claim, language, product);
- ``chart_elements``: the elements of a build with their computed score and label;
- ``chart_matches``: the passages the retriever proposed for each element;
- ``chart_review_events``: reviewer decisions, append-only, with who and when, and a
  per-element ``version`` (1, 2, …) under a unique index, so two reviewers never
  overwrite each other (migration 0014).

Review events belong to the chart *subject* (patent, claim, language, product)
as well as to the build they were made on, so a rebuild sees every earlier
decision: a chart's history is the subject's events made on this build or an
earlier one. Events are never updated or deleted.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    select,
)
from sqlalchemy import text as sql_text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from kizuna.adapters.storage import accounts as _accounts  # noqa: F401  (matters: matter_id's FK)
from kizuna.adapters.storage.base import Base
from kizuna.adapters.storage.db import Database
from kizuna.domain.evidence import (
    ClaimChart,
    ElementMatch,
    Label,
    PassageMatch,
    ReviewAction,
    ReviewEvent,
    ScoreExplanation,
)
from kizuna.errors import ConflictError, StorageError

__all__ = [
    "ChartElementRow",
    "ChartMatchRow",
    "ChartReviewRow",
    "ChartRow",
    "ChartSubject",
    "StoredChart",
    "append_event",
    "chart_rows",
    "load_chart",
    "save_chart",
]


class ChartRow(Base):
    """One build of a claim chart (table ``charts``)."""

    __tablename__ = "charts"
    __table_args__ = (Index("ix_charts_subject", "patent", "claim", "product"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patent: Mapped[str] = mapped_column(String(40))
    claim: Mapped[int] = mapped_column(Integer)
    lang: Mapped[str] = mapped_column(String(8))
    product: Mapped[str] = mapped_column(String(300))
    company: Mapped[str | None] = mapped_column(String(300), nullable=True)
    method: Mapped[str] = mapped_column(String(60))
    built_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    matter_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("matters.id"), server_default="1", index=True
    )


class ChartElementRow(Base):
    """One element of a build with its computed score and label (table ``chart_elements``)."""

    __tablename__ = "chart_elements"
    __table_args__ = (UniqueConstraint("chart_id", "element_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chart_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("charts.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    element_id: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float)
    label: Mapped[str] = mapped_column(String(20))


class ChartMatchRow(Base):
    """A passage the retriever proposed for an element (table ``chart_matches``)."""

    __tablename__ = "chart_matches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chart_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("charts.id", ondelete="CASCADE"), index=True
    )
    element_id: Mapped[str] = mapped_column(String(20))
    rank: Mapped[int] = mapped_column(Integer)
    passage_id: Mapped[str] = mapped_column(String(100))
    doc_id: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    citation: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float)
    lexical: Mapped[float] = mapped_column(Float)
    semantic: Mapped[float] = mapped_column(Float)
    position: Mapped[float] = mapped_column(Float)
    matched_terms: Mapped[str] = mapped_column(Text)  # JSON list
    specificity: Mapped[float] = mapped_column(Float, server_default=sql_text("1.0"), default=1.0)
    missing_terms: Mapped[str] = mapped_column(Text, server_default="[]", default="[]")  # JSON list
    alternative: Mapped[bool] = mapped_column(Boolean, server_default=false(), default=False)
    # claim contrast (fusion v6): score lowered by, and the element the passage fits better
    contrast: Mapped[float] = mapped_column(Float, server_default=sql_text("0.0"), default=0.0)
    rival: Mapped[str] = mapped_column(String(20), server_default="", default="")


class ChartReviewRow(Base):
    """A reviewer decision, append-only (table ``chart_review_events``).

    ``passage`` keeps a JSON snapshot of an accepted or added passage, so the
    decision can be shown even when a later build no longer proposes it.
    """

    __tablename__ = "chart_review_events"
    __table_args__ = (
        Index("ix_chart_review_events_subject", "patent", "claim", "product"),
        Index("ux_chart_review_events_version", "patent", "claim", "lang", "product",
              "element_id", "version", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chart_id: Mapped[int] = mapped_column(Integer, ForeignKey("charts.id"), index=True)
    patent: Mapped[str] = mapped_column(String(40))
    claim: Mapped[int] = mapped_column(Integer)
    lang: Mapped[str] = mapped_column(String(8))
    product: Mapped[str] = mapped_column(String(300))
    element_id: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    passage: Mapped[str | None] = mapped_column(Text, nullable=True)
    version: Mapped[int | None] = mapped_column(Integer, nullable=True)  # per element, from 1


@dataclass(frozen=True, kw_only=True)
class ChartSubject:
    """What a chart is about; review decisions follow the subject across rebuilds."""

    patent: str
    claim: int
    lang: str
    product: str


@dataclass(frozen=True, kw_only=True)
class StoredChart:
    """A build as computed (proposed matches only), its history and passage snapshots.

    ``latest_id`` is the newest build of the same subject (review goes there).
    """

    chart: ClaimChart
    snapshots: dict[str, PassageMatch]
    latest_id: int


def _match_row(chart_id: int, element_id: str, rank: int, match: PassageMatch) -> ChartMatchRow:
    ex = match.explanation
    return ChartMatchRow(
        chart_id=chart_id, element_id=element_id, rank=rank, passage_id=match.passage_id,
        doc_id=match.doc_id, text=match.text, citation=match.citation, score=match.score,
        lexical=ex.lexical, semantic=ex.semantic, position=ex.position,
        matched_terms=json.dumps(list(ex.matched_terms), ensure_ascii=False),
        specificity=ex.specificity, alternative=ex.alternative,
        missing_terms=json.dumps(list(ex.missing_terms), ensure_ascii=False),
        contrast=ex.contrast, rival=ex.rival,
    )


def save_chart(database: Database, chart: ClaimChart) -> int:
    """Store a computed chart (elements and proposed matches) in one transaction; its id."""
    try:
        with database.session() as session:
            row = ChartRow(
                patent=chart.patent, claim=chart.claim, lang=chart.lang, product=chart.product,
                company=chart.company, method=chart.method, built_at=chart.built_at,
            )
            session.add(row)
            session.flush()
            for position, element in enumerate(chart.elements):
                session.add(ChartElementRow(
                    chart_id=row.id, position=position, element_id=element.element_id,
                    text=element.original_text, score=element.score, label=element.label,
                ))
                session.add_all(
                    _match_row(row.id, element.element_id, rank, match)
                    for rank, match in enumerate(element.matches)
                )
            return row.id
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot store the chart of {chart.patent} claim {chart.claim}: "
                           f"{exc}") from exc


def _explanation(row: ChartMatchRow) -> ScoreExplanation:
    return ScoreExplanation(
        lexical=row.lexical, semantic=row.semantic, position=row.position,
        matched_terms=tuple(json.loads(row.matched_terms)), specificity=row.specificity,
        missing_terms=tuple(json.loads(row.missing_terms)), alternative=row.alternative,
        contrast=row.contrast, rival=row.rival,
    )


def _to_match(row: ChartMatchRow) -> PassageMatch:
    return PassageMatch(
        passage_id=row.passage_id, doc_id=row.doc_id, text=row.text, citation=row.citation,
        score=row.score, explanation=_explanation(row),
    )


def match_to_json(match: PassageMatch) -> str:
    """A passage snapshot as stored with an accept/add event."""
    ex = match.explanation
    return json.dumps({
        "passage_id": match.passage_id, "doc_id": match.doc_id, "text": match.text,
        "citation": match.citation, "score": match.score,
        "explanation": [ex.lexical, ex.semantic, ex.position, list(ex.matched_terms)],
        "specificity": [ex.specificity, list(ex.missing_terms), ex.alternative],
        "contrast": [ex.contrast, ex.rival],
    }, ensure_ascii=False)


def _snapshot(text: str) -> PassageMatch:
    data = json.loads(text)
    lexical, semantic, position, terms = data["explanation"]
    # snapshots stored before 0010_eou have no specificity entry
    specificity, missing, alternative = data.get("specificity", [1.0, [], False])
    # snapshots stored before 0025_contrast have no contrast entry
    contrast, rival = data.get("contrast", [0.0, ""])
    return PassageMatch(
        passage_id=data["passage_id"], doc_id=data["doc_id"], text=data["text"],
        citation=data["citation"], score=data["score"],
        explanation=ScoreExplanation(lexical=lexical, semantic=semantic, position=position,
                                     matched_terms=tuple(terms), specificity=specificity,
                                     missing_terms=tuple(missing), alternative=alternative,
                                     contrast=contrast, rival=rival),
    )


def _subject_filter(row: ChartRow) -> tuple[ColumnElement[bool], ...]:
    return (
        ChartReviewRow.patent == row.patent, ChartReviewRow.claim == row.claim,
        ChartReviewRow.lang == row.lang, ChartReviewRow.product == row.product,
    )


def _latest_id(session: Session, row: ChartRow) -> int:
    latest = session.scalar(select(func.max(ChartRow.id)).where(
        ChartRow.patent == row.patent, ChartRow.claim == row.claim,
        ChartRow.lang == row.lang, ChartRow.product == row.product,
    ))
    return int(latest or row.id)


def _elements(session: Session, chart_id: int) -> tuple[ElementMatch, ...]:
    matches: dict[str, list[PassageMatch]] = {}
    for m in session.scalars(select(ChartMatchRow).where(ChartMatchRow.chart_id == chart_id)
                             .order_by(ChartMatchRow.element_id, ChartMatchRow.rank)):
        matches.setdefault(m.element_id, []).append(_to_match(m))
    rows = session.scalars(select(ChartElementRow).where(ChartElementRow.chart_id == chart_id)
                           .order_by(ChartElementRow.position))
    return tuple(
        ElementMatch(element_id=e.element_id, text=e.text, original_text=e.text, score=e.score,
                     label=_label(e.label), matches=tuple(matches.get(e.element_id, ())))
        for e in rows
    )


def _utc(value: datetime) -> datetime:
    """SQLite gives naive datetimes back; they were stored in UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _label(value: str) -> Label:
    labels: tuple[Label, ...] = ("supported", "partial")
    return next((label for label in labels if label == value), "unsupported")


def _action(value: str) -> ReviewAction:
    actions: tuple[ReviewAction, ...] = ("accept", "reject", "add", "note", "edit-text")
    for action in actions:
        if action == value:
            return action
    raise StorageError(f"chart_review_events: unknown action {value!r}")


def load_chart(database: Database, chart_id: int) -> StoredChart | None:
    """The build ``chart_id`` with the subject's review events up to it; None when absent."""
    try:
        with database.session() as session:
            row = session.get(ChartRow, chart_id)
            if row is None:
                return None
            events = session.scalars(
                select(ChartReviewRow)
                .where(*_subject_filter(row), ChartReviewRow.chart_id <= chart_id)
                .order_by(ChartReviewRow.id)
            ).all()
            history = tuple(
                ReviewEvent(chart_id=e.chart_id, element_id=e.element_id,
                            action=_action(e.action), value=e.value, who=e.who, at=_utc(e.at))
                for e in events
            )
            snapshots = {
                e.value: _snapshot(e.passage) for e in events if e.passage is not None
            }
            chart = ClaimChart(
                id=row.id, patent=row.patent, claim=row.claim, lang=row.lang,
                product=row.product, company=row.company, elements=_elements(session, row.id),
                coverage=0.0, verdict="not shown", needs_evidence=(), built_at=_utc(row.built_at),
                method=row.method, history=history,
            )
            return StoredChart(chart=chart, snapshots=snapshots,
                               latest_id=_latest_id(session, row))
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot read chart {chart_id}: {exc}") from exc


def append_event(
    database: Database, subject: ChartSubject, event: ReviewEvent, passage: PassageMatch | None,
    *, expected_version: int | None = None,
) -> int:
    """Append one review event (never updated or deleted); returns the element's new version.

    The version of an element is the number of review events on it. With
    ``expected_version`` the event is stored only if nobody reviewed the element
    since that version; a concurrent writer that read the same version loses on
    the unique ``(subject, element, version)`` index. Either way the loser gets a
    :class:`~kizuna.errors.ConflictError` naming the change it would have hidden.
    """
    try:
        with database.session(write=True) as session:
            current, last = _element_version(session, subject, event.element_id)
            if expected_version is not None and expected_version != current:
                raise ConflictError(_conflict(event.element_id, expected_version, current, last))
            session.add(ChartReviewRow(
                chart_id=event.chart_id, patent=subject.patent, claim=subject.claim,
                lang=subject.lang, product=subject.product, element_id=event.element_id,
                action=event.action, value=event.value, who=event.who, at=event.at,
                passage=match_to_json(passage) if passage is not None else None,
                version=current + 1,
            ))
            session.flush()
            return current + 1
    except IntegrityError as exc:
        raise ConflictError(f"element {event.element_id} was reviewed by someone else at the "
                            "same moment; your change was not saved: reload the chart and "
                            "apply it again") from exc
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot store the review of chart {event.chart_id}: {exc}") from exc


def _element_version(
    session: Session, subject: ChartSubject, element_id: str
) -> tuple[int, ChartReviewRow | None]:
    """How many review events element ``element_id`` of ``subject`` has, and the last one."""
    rows = session.scalars(
        select(ChartReviewRow)
        .where(ChartReviewRow.patent == subject.patent, ChartReviewRow.claim == subject.claim,
               ChartReviewRow.lang == subject.lang, ChartReviewRow.product == subject.product,
               ChartReviewRow.element_id == element_id)
        .order_by(ChartReviewRow.id.desc())
    ).all()
    return len(rows), (rows[0] if rows else None)


def _conflict(element_id: str, expected: int, current: int, last: ChartReviewRow | None) -> str:
    who = f" by {last.who} at {_utc(last.at):%Y-%m-%d %H:%M} UTC ({last.action}: " \
          f"{last.value[:80]})" if last is not None else ""
    return (f"element {element_id} changed since you opened it (version {expected}, now "
            f"{current}){who}; your change was not saved: reload the chart, check that change, "
            "and apply yours again")


def chart_rows(
    database: Database, *, patent: str | None = None, claim: int | None = None,
    product: str | None = None, company: str | None = None,
) -> Sequence[ChartRow]:
    """Chart builds matching the filters (product/company case-insensitive), newest first."""
    query = select(ChartRow).order_by(ChartRow.id.desc())
    if patent is not None:
        query = query.where(ChartRow.patent == patent)
    if claim is not None:
        query = query.where(ChartRow.claim == claim)
    if product is not None:
        query = query.where(func.lower(ChartRow.product) == product.lower())
    if company is not None:
        query = query.where(func.lower(ChartRow.company) == company.lower())
    try:
        with database.session() as session:
            return session.scalars(query).all()
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot list charts: {exc}") from exc
