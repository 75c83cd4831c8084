"""Evidence documents and their passages (tables ``evidence_*``).

A stored document is never changed or deleted by Kizuna: a new capture of the
same ``(product, source)`` is a new row with the next ``version``. Each row
keeps the SHA-256 of the original bytes; the bytes themselves are kept once
per hash in ``evidence_blobs`` (optional, on by default), so a chart can show
exactly what the evidence said and when it was captured.

``product_key`` is the product name normalised (NFKC, case-folded, spaces
collapsed): ``"AquaFlow X1"`` and ``"aquaflow  x1"`` are one product.
"""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import (
    BigInteger,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    Select,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    insert,
    select,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column

from kizuna.adapters.sources.evidence import EvidenceReader
from kizuna.adapters.storage.base import Base
from kizuna.adapters.storage.db import Database
from kizuna.domain.evidence import EvidenceDoc, Location, Passage
from kizuna.errors import StorageError

if TYPE_CHECKING:
    from kizuna.services.evidence import DocumentResult

__all__ = [
    "EvidenceBlobChunkRow",
    "EvidenceBlobRow",
    "EvidenceDocumentRow",
    "EvidencePassageRow",
    "EvidenceStore",
    "NewDocument",
    "doc_from_row",
    "passage_from_row",
    "product_key",
]


def product_key(name: str) -> str:
    """The lookup key of a product name: NFKC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


class EvidenceDocumentRow(Base):
    """One immutable capture of product evidence (table ``evidence_documents``)."""

    __tablename__ = "evidence_documents"
    __table_args__ = (UniqueConstraint("product_key", "source", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product: Mapped[str] = mapped_column(String(200))
    product_key: Mapped[str] = mapped_column(String(200), index=True)
    company: Mapped[str | None] = mapped_column(String(300), nullable=True)
    source: Mapped[str] = mapped_column(String(1000))
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    media_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    captured_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    stored_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    lang: Mapped[str] = mapped_column(String(10))
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    version: Mapped[int] = mapped_column(Integer)


class EvidencePassageRow(Base):
    """One citable passage of a stored document (table ``evidence_passages``)."""

    __tablename__ = "evidence_passages"
    __table_args__ = (UniqueConstraint("document_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("evidence_documents.id", ondelete="CASCADE"), index=True
    )
    passage_id: Mapped[str] = mapped_column(String(40), index=True)
    position: Mapped[int] = mapped_column(Integer)  # Passage.index
    text: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(10))
    page: Mapped[int | None] = mapped_column(Integer, nullable=True)
    heading: Mapped[str | None] = mapped_column(Text, nullable=True)
    paragraph: Mapped[int] = mapped_column(Integer)


class EvidenceBlobRow(Base):
    """The original bytes of evidence, once per SHA-256 (table ``evidence_blobs``).

    ``data`` holds the bytes of blobs stored before revision 0020; later ones
    leave it empty and keep their bytes in ``evidence_blob_chunks``.
    """

    __tablename__ = "evidence_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class EvidenceBlobChunkRow(Base):
    """One chunk (1 MiB) of a blob's bytes, in order (table ``evidence_blob_chunks``)."""

    __tablename__ = "evidence_blob_chunks"

    sha256: Mapped[str] = mapped_column(
        ForeignKey("evidence_blobs.sha256", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)


def passage_from_row(row: EvidencePassageRow) -> Passage:
    """The domain passage of a stored row."""
    return Passage(
        id=row.passage_id,
        index=row.position,
        text=row.text,
        lang=row.lang,
        location=Location(page=row.page, heading=row.heading, paragraph=row.paragraph),
    )


def _utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored time is UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def doc_from_row(row: EvidenceDocumentRow, passages: tuple[Passage, ...] = ()) -> EvidenceDoc:
    """The domain document of a stored row, with ``passages`` when given."""
    return EvidenceDoc(
        id=row.id,
        product=row.product,
        company=row.company,
        source=row.source,
        url=row.url,
        media_type=row.media_type,
        sha256=row.sha256,
        captured_at=_utc(row.captured_at),
        lang=row.lang,
        title=row.title,
        version=row.version,
        passages=passages,
    )


@dataclass(frozen=True, kw_only=True)
class NewDocument:
    """A document read from a file, ready to store."""

    product: str
    company: str | None
    source: str
    url: str | None
    captured_at: datetime
    reader: EvidenceReader  # opened: hashed and checked, passages not yet read
    keep_original: bool = True  # keep the bytes in evidence_blobs


class EvidenceStore:
    """Evidence documents on a Kizuna database; each write is one transaction."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def product_names(self) -> dict[str, str]:
        """Product key -> the name it was first stored under."""
        query = select(EvidenceDocumentRow.product_key, EvidenceDocumentRow.product).order_by(
            EvidenceDocumentRow.id
        )
        names: dict[str, str] = {}
        with self._database.session() as session:
            for key, name in session.execute(query):
                names.setdefault(key, name)
        return names

    def product_identity(self, product: str, company: str | None) -> tuple[str, str | None]:
        """The stored spelling of ``product`` (if any) and its company when none is given."""
        key = product_key(product)
        query = (
            select(EvidenceDocumentRow.product, EvidenceDocumentRow.company)
            .where(EvidenceDocumentRow.product_key == key)
            .order_by(EvidenceDocumentRow.id.desc())
        )
        with self._database.session() as session:
            rows = session.execute(query).all()
        if not rows:
            return product, company
        first_name = rows[-1][0]
        known_company = next((row[1] for row in rows if row[1]), None)
        return first_name, company if company is not None else known_company

    def add(self, new: NewDocument) -> DocumentResult:
        """Store ``new`` as the next version of its (product, source), or report it unchanged.

        One transaction: the document row, its passages inserted in batches of
        :data:`PASSAGE_BATCH` as the reader cuts them, then its bytes in chunks.
        A SourceError from the reader midway rolls all of it back.
        """
        from kizuna.services.evidence import DocumentResult

        key = product_key(new.product)
        reader = new.reader
        try:
            with self._database.session(write=True) as session:
                latest = session.scalars(
                    select(EvidenceDocumentRow)
                    .where(EvidenceDocumentRow.product_key == key)
                    .where(EvidenceDocumentRow.source == new.source)
                    .order_by(EvidenceDocumentRow.version.desc())
                    .limit(1)
                ).first()
                if latest is not None and latest.sha256 == reader.sha256:
                    return _unchanged(session, latest)
                row = _document_row(new, key, 1 if latest is None else latest.version + 1)
                session.add(row)
                session.flush()
                count = _insert_passages(session, row.id, reader)
                row.lang, row.title = reader.lang, reader.title
                if new.keep_original and session.get(EvidenceBlobRow, reader.sha256) is None:
                    _insert_blob(session, reader)
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot store evidence {new.source}: {exc}") from exc
        return DocumentResult(
            id=row.id,
            source=row.source,
            version=row.version,
            sha256=row.sha256,
            lang=row.lang,
            title=row.title,
            passages=count,
            action="added" if row.version == 1 else "new version",
        )

    def documents(self, key: str | None) -> list[EvidenceDoc]:
        """Documents (every version) of product ``key``, or of all products; no passages."""
        query = select(EvidenceDocumentRow).order_by(
            EvidenceDocumentRow.product_key,
            EvidenceDocumentRow.source,
            EvidenceDocumentRow.version,
        )
        if key is not None:
            query = query.where(EvidenceDocumentRow.product_key == key)
        with self._database.session() as session:
            return [doc_from_row(row) for row in session.scalars(query)]

    def document(self, doc_id: int) -> EvidenceDoc | None:
        """Document ``doc_id`` with its passages, or None."""
        with self._database.session() as session:
            row = session.get(EvidenceDocumentRow, doc_id)
            if row is None:
                return None
            passages = session.scalars(
                select(EvidencePassageRow)
                .where(EvidencePassageRow.document_id == doc_id)
                .order_by(EvidencePassageRow.position)
            )
            return doc_from_row(row, tuple(passage_from_row(p) for p in passages))

    def blob(self, sha256: str) -> bytes | None:
        """The kept original bytes with this hash, or None."""
        with self._database.session() as session:
            row = session.get(EvidenceBlobRow, sha256)
            if row is None or row.data is not None:
                return None if row is None else row.data
            chunks = session.scalars(
                select(EvidenceBlobChunkRow.data)
                .where(EvidenceBlobChunkRow.sha256 == sha256)
                .order_by(EvidenceBlobChunkRow.seq)
            )
            return b"".join(chunks)

    def _latest_ids(self, key: str | None) -> Select[Any]:
        latest = (
            select(
                EvidenceDocumentRow.product_key.label("key"),
                EvidenceDocumentRow.source.label("source"),
                func.max(EvidenceDocumentRow.version).label("version"),
            )
            .group_by(EvidenceDocumentRow.product_key, EvidenceDocumentRow.source)
            .subquery()
        )
        query = select(EvidenceDocumentRow.id).join(
            latest,
            (EvidenceDocumentRow.product_key == latest.c.key)
            & (EvidenceDocumentRow.source == latest.c.source)
            & (EvidenceDocumentRow.version == latest.c.version),
        )
        if key is not None:
            query = query.where(EvidenceDocumentRow.product_key == key)
        return query

    def latest_passages(self, key: str) -> list[tuple[EvidenceDoc, Passage]]:
        """(document, passage) pairs of the latest version of each source of product ``key``."""
        query = (
            select(EvidenceDocumentRow, EvidencePassageRow)
            .join(EvidencePassageRow, EvidencePassageRow.document_id == EvidenceDocumentRow.id)
            .where(EvidenceDocumentRow.id.in_(self._latest_ids(key)))
            .order_by(EvidenceDocumentRow.source, EvidencePassageRow.position)
        )
        pairs: list[tuple[EvidenceDoc, Passage]] = []
        docs: dict[int, EvidenceDoc] = {}
        with self._database.session() as session:
            for doc_row, passage_row in session.execute(query):
                doc = docs.setdefault(doc_row.id, doc_from_row(doc_row))
                pairs.append((doc, passage_from_row(passage_row)))
        return pairs

    def product_rows(self) -> list[dict[str, Any]]:
        """Per product: name, company, latest documents, their passages, all versions."""
        names = self.product_names()
        passages = (
            select(EvidenceDocumentRow.product_key, func.count(EvidencePassageRow.id))
            .join(EvidencePassageRow, EvidencePassageRow.document_id == EvidenceDocumentRow.id)
            .where(EvidenceDocumentRow.id.in_(self._latest_ids(None)))
            .group_by(EvidenceDocumentRow.product_key)
        )
        with self._database.session() as session:
            docs = session.scalars(select(EvidenceDocumentRow)).all()
            passage_counts: dict[str, int] = {row[0]: row[1] for row in session.execute(passages)}
        rows: dict[str, dict[str, Any]] = {}
        for doc in docs:
            row = rows.setdefault(
                doc.product_key,
                {
                    "product": names[doc.product_key],
                    "company": None,
                    "documents": 0,
                    "passages": passage_counts.get(doc.product_key, 0),
                    "versions": 0,
                    "latest_capture": None,
                    "_sources": set(),
                },
            )
            row["versions"] += 1
            row["_sources"].add(doc.source)
            row["company"] = doc.company or row["company"]
            if row["latest_capture"] is None or doc.captured_at > row["latest_capture"]:
                row["latest_capture"] = doc.captured_at
        for row in rows.values():
            row["documents"] = len(row.pop("_sources"))
        return sorted(rows.values(), key=lambda r: str(r["product"]).casefold())


#: Passages inserted per statement: memory holds one batch, not the document.
PASSAGE_BATCH = 2_000


def _unchanged(session: Session, latest: EvidenceDocumentRow) -> DocumentResult:
    from kizuna.services.evidence import DocumentResult

    count = session.scalar(
        select(func.count()).where(EvidencePassageRow.document_id == latest.id)
    )
    return DocumentResult(
        id=latest.id,
        source=latest.source,
        version=latest.version,
        sha256=latest.sha256,
        lang=latest.lang,
        title=latest.title,
        passages=int(count or 0),
        action="unchanged",
    )


def _insert_passages(session: Session, document_id: int, reader: EvidenceReader) -> int:
    """Insert the reader's passages in batches of positional rows; their count.

    The statement is the driver's own SQL run with ``executemany`` on tuples:
    for tens of thousands of short passages, building a parameter dict per row
    and letting SQLAlchemy process it cost about as much as cutting the
    passages (benchmarks/evidence_ingest.py).
    """
    connection = session.connection()
    sql = _passage_insert_sql(connection.dialect.paramstyle)
    count = 0
    rows = reader.rows()
    while batch := [(document_id, *row) for row in itertools.islice(rows, PASSAGE_BATCH)]:
        connection.exec_driver_sql(sql, batch)
        count += len(batch)
    return count


_PASSAGE_COLUMNS = (
    "document_id", "passage_id", "position", "text", "lang", "page", "heading", "paragraph"
)
#: The placeholder of each positional DB-API paramstyle (SQLite: qmark; psycopg: pyformat,
#: which also takes ``%s``).
_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def _passage_insert_sql(paramstyle: str) -> str:
    if paramstyle not in _PLACEHOLDERS:
        raise StorageError(f"unsupported database driver paramstyle {paramstyle!r}")
    marks = ", ".join([_PLACEHOLDERS[paramstyle]] * len(_PASSAGE_COLUMNS))
    table = EvidencePassageRow.__tablename__
    return f"INSERT INTO {table} ({', '.join(_PASSAGE_COLUMNS)}) VALUES ({marks})"


def _insert_blob(session: Session, reader: EvidenceReader) -> None:
    """The original bytes, a chunk per row, read again from the input as they are stored."""
    session.add(EvidenceBlobRow(sha256=reader.sha256, size=reader.size, data=None))
    session.flush()
    connection = session.connection()
    statement = insert(cast(Table, EvidenceBlobChunkRow.__table__))
    for seq, chunk in enumerate(reader.chunks()):
        connection.execute(statement, {"sha256": reader.sha256, "seq": seq, "data": chunk})


def _document_row(new: NewDocument, key: str, version: int) -> EvidenceDocumentRow:
    # lang and title are set once the passages are read (the same transaction).
    doc = new.reader
    return EvidenceDocumentRow(
        product=new.product,
        product_key=key,
        company=new.company,
        source=new.source,
        url=new.url,
        media_type=doc.media_type,
        sha256=doc.sha256,
        size=doc.size,
        captured_at=new.captured_at,
        stored_at=datetime.now(UTC),
        lang=doc.lang,
        title=doc.title,
        version=version,
    )
