"""Evidence of use: add product evidence files, list them, read their passages.

Each file is opened (:func:`~kizuna.adapters.sources.evidence.open_evidence`:
hashed, its encoding and size checked) before anything is written, then its
passages are cut and stored in batches inside its own transaction, so memory
stays bounded whatever the file's size: a file that fails, on opening or
midway, stores nothing and the others go on (the report lists it). Stored
documents are immutable; adding the same bytes again for the same product and
source is ``unchanged``, different bytes are a new version.

    >>> report = add_evidence(db, [Path("docs/")], product="AquaFlow X1")  # doctest: +SKIP
    >>> report.to_json()["added"]  # doctest: +SKIP
    3
"""

from __future__ import annotations

import difflib
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, BinaryIO, Literal

from kizuna.adapters.sources.evidence import (
    DEFAULT_LIMITS,
    EvidenceLimits,
    EvidenceReader,
    check_size,
    media_type_for,
    open_evidence,
)
from kizuna.adapters.storage.db import Database
from kizuna.domain.evidence import EvidenceDoc, Passage
from kizuna.errors import InvalidValueError, NotFoundError, SourceError
from kizuna.settings import Settings

__all__ = [
    "AddEvidenceReport",
    "DocumentResult",
    "EvidenceProgress",
    "FileFailure",
    "ProductSummary",
    "add_evidence",
    "add_uploaded_evidence",
    "evidence_json",
    "evidence_limits",
    "get_evidence",
    "list_evidence",
    "list_products",
    "original_bytes",
    "parse_captured_at",
    "product_passages",
    "stored_products",
]

Action = Literal["added", "new version", "unchanged"]


@dataclass(frozen=True, kw_only=True)
class EvidenceProgress:
    """Progress of an add: ``done`` of ``total`` files, ``current`` the file being read."""

    done: int
    total: int
    current: str


@dataclass(frozen=True, kw_only=True)
class DocumentResult:
    """One stored (or unchanged) document of an add."""

    id: int
    source: str
    version: int
    sha256: str
    lang: str
    passages: int
    title: str | None
    action: Action

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "version": self.version,
            "sha256": self.sha256,
            "lang": self.lang,
            "passages": self.passages,
            "title": self.title,
            "action": self.action,
        }


@dataclass(frozen=True, kw_only=True)
class FileFailure:
    """A file that was not stored (``error`` names the file and the fault)."""

    file: str
    error: str


@dataclass(frozen=True, kw_only=True)
class AddEvidenceReport:
    """What :func:`add_evidence` stored, left unchanged, skipped and refused."""

    product: str
    company: str | None
    documents: tuple[DocumentResult, ...] = ()
    failed: tuple[FileFailure, ...] = ()
    skipped: tuple[FileFailure, ...] = ()

    @property
    def added(self) -> int:
        """New documents and new versions."""
        return sum(1 for d in self.documents if d.action != "unchanged")

    @property
    def unchanged(self) -> int:
        return sum(1 for d in self.documents if d.action == "unchanged")

    def to_json(self) -> dict[str, Any]:
        return {
            "product": self.product,
            "company": self.company,
            "added": self.added,
            "unchanged": self.unchanged,
            "failed": [{"file": f.file, "error": f.error} for f in self.failed],
            "skipped": [{"file": f.file, "reason": f.error} for f in self.skipped],
            "documents": [d.to_json() for d in self.documents],
        }


@dataclass(frozen=True, kw_only=True)
class ProductSummary:
    """One product with evidence: its latest documents and their passages."""

    product: str
    company: str | None
    documents: int  # sources, counting the latest version of each
    passages: int  # in those latest versions
    versions: int = 0  # every stored capture, older versions included
    latest_capture: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "product": self.product,
            "company": self.company,
            "documents": self.documents,
            "passages": self.passages,
            "versions": self.versions,
            "latest_capture": self.latest_capture,
        }


@dataclass(kw_only=True)
class _Input:
    source: str  # what the user calls the file (path as given, upload name or URL)
    path: Path
    data: bytes | BinaryIO | None = field(default=None, repr=False)


def _walk(paths: Sequence[Path]) -> tuple[list[Path], list[FileFailure]]:
    """Files under ``paths`` (folders recursively, hidden files left out), and skipped ones."""
    files: list[Path] = []
    skipped: list[FileFailure] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
        elif path.exists():
            found = [path]
        else:
            raise InvalidValueError(f"{path}: no such file or folder")
        for file in found:
            if media_type_for(file) is None:
                reason = f"unsupported file type {file.suffix or '(none)'!r}"
                skipped.append(FileFailure(file=str(file), error=reason))
            else:
                files.append(file)
    return files, skipped


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _check_options(product: str, url: str | None, count: int) -> str:
    name = " ".join(product.split())
    if not name:
        raise InvalidValueError("--product must name the product the evidence is about")
    if url is not None and count > 1:
        raise InvalidValueError(f"--url names one source, but {count} files were given")
    return name


def add_evidence(
    database: Database,
    paths: Sequence[Path],
    *,
    product: str,
    company: str | None = None,
    url: str | None = None,
    captured_at: datetime | None = None,
    progress: Callable[[EvidenceProgress], None] | None = None,
    max_file_bytes: int | None = None,
    keep_original: bool = True,
    limits: EvidenceLimits = DEFAULT_LIMITS,
) -> AddEvidenceReport:
    """Store the evidence files under ``paths`` (files or folders) for ``product``.

    ``url`` (one file only) becomes the document's source; otherwise the path as
    given is. ``captured_at`` defaults to now (UTC). Files over
    ``max_file_bytes`` or ``limits`` (:func:`evidence_limits`) fail before they
    are read; unsupported suffixes are skipped; each failure is in the report
    and stores nothing.
    """
    files, skipped = _walk(paths)
    name = _check_options(product, url, len(files) + len(skipped))
    inputs = [_Input(source=url or str(file), path=file) for file in files]
    report = _add_inputs(
        database,
        inputs,
        product=name,
        company=company,
        url=url,
        captured_at=captured_at,
        progress=progress,
        max_file_bytes=max_file_bytes,
        keep_original=keep_original,
        limits=limits,
    )
    return replace(report, skipped=tuple(skipped))


def add_uploaded_evidence(
    database: Database,
    files: Sequence[tuple[str, bytes | BinaryIO]],
    *,
    product: str,
    company: str | None = None,
    url: str | None = None,
    captured_at: datetime | None = None,
    max_file_bytes: int | None = None,
    keep_original: bool = True,
    limits: EvidenceLimits = DEFAULT_LIMITS,
) -> AddEvidenceReport:
    """Store uploaded ``(file name, bytes or binary file)`` pairs as :func:`add_evidence` does.

    A file object (an upload spooled to disk) is measured by seeking to its end
    and refused over the limits before any of it is read into memory.
    """
    name = _check_options(product, url, len(files))
    inputs: list[_Input] = []
    skipped: list[FileFailure] = []
    for file_name, data in files:
        if media_type_for(Path(file_name)) is None:
            suffix = Path(file_name).suffix or "(none)"
            skipped.append(FileFailure(file=file_name, error=f"unsupported file type {suffix!r}"))
        else:
            inputs.append(_Input(source=url or file_name, path=Path(file_name), data=data))
    report = _add_inputs(
        database,
        inputs,
        product=name,
        company=company,
        url=url,
        captured_at=captured_at,
        progress=None,
        max_file_bytes=max_file_bytes,
        keep_original=keep_original,
        limits=limits,
    )
    return replace(report, skipped=tuple(skipped))


def evidence_limits(settings: Settings) -> EvidenceLimits:
    """The evidence limits of ``settings`` (``KIZUNA_EVIDENCE_MAX_*``, docs/limits.md)."""
    return EvidenceLimits(
        max_bytes=settings.evidence_max_bytes,
        max_pages=settings.evidence_max_pages,
        max_chars=settings.evidence_max_chars,
        max_passages=settings.evidence_max_passages,
    )


def _size(item: _Input) -> int:
    if item.data is None:
        return item.path.stat().st_size
    if isinstance(item.data, bytes):
        return len(item.data)
    size = item.data.seek(0, io.SEEK_END)
    item.data.seek(0)
    return size


def _open(item: _Input, max_file_bytes: int | None, limits: EvidenceLimits) -> EvidenceReader:
    """The input opened for streaming (hashed and checked); SourceError before any is stored."""
    size = _size(item)
    if max_file_bytes is not None and size > max_file_bytes:
        raise SourceError(
            item.source,
            f"the file is {size:,} bytes, over the limit of {max_file_bytes:,} "
            "(KIZUNA_MAX_FILE_BYTES)",
        )
    check_size(item.source, size, limits.max_bytes)
    return open_evidence(item.path, item.data, limits=limits)


def _add_inputs(
    database: Database,
    inputs: Sequence[_Input],
    *,
    product: str,
    company: str | None,
    url: str | None,
    captured_at: datetime | None,
    progress: Callable[[EvidenceProgress], None] | None,
    max_file_bytes: int | None,
    keep_original: bool,
    limits: EvidenceLimits,
) -> AddEvidenceReport:
    from kizuna.adapters.storage.evidence import EvidenceStore, NewDocument

    if company is not None and company.strip():
        from kizuna.services.companies import confirmed_company_name

        company = confirmed_company_name(database, company)
    store = EvidenceStore(database)
    when = _aware(captured_at) if captured_at is not None else datetime.now(UTC)
    product, company = store.product_identity(product, company)
    results: list[DocumentResult] = []
    failures: list[FileFailure] = []
    for done, item in enumerate(inputs):
        if progress is not None:
            progress(EvidenceProgress(done=done, total=len(inputs), current=item.source))
        # The passages are cut while they are stored: a fault found midway (a limit,
        # no text) rolls the document's transaction back and is reported like one
        # found on opening.
        try:
            new = NewDocument(
                product=product,
                company=company,
                source=item.source,
                url=url,
                captured_at=when,
                reader=_open(item, max_file_bytes, limits),
                keep_original=keep_original,
            )
            results.append(store.add(new))
        except SourceError as exc:
            failures.append(FileFailure(file=item.source, error=str(exc)))
        except OSError as exc:
            failures.append(
                FileFailure(file=item.source, error=f"{item.path.name}: {exc.strerror}")
            )
    if progress is not None:
        progress(EvidenceProgress(done=len(inputs), total=len(inputs), current=""))
    return AddEvidenceReport(
        product=product, company=company, documents=tuple(results), failed=tuple(failures)
    )


def parse_captured_at(value: str | None) -> datetime | None:
    """``--captured-at``: a date (midnight UTC) or an ISO date-time; naive times are UTC."""
    if value is None:
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidValueError(
            f"--captured-at {value!r} is not a date (YYYY-MM-DD) or date-time (ISO 8601)"
        ) from exc
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def evidence_json(doc: EvidenceDoc) -> dict[str, Any]:
    """The JSON shape of a document (``evidence show --json``, ``GET /api/evidence/{id}``).

    ``passages`` (each with its ``citation``) only when the document carries them.
    """
    data: dict[str, Any] = {
        "id": doc.id,
        "product": doc.product,
        "company": doc.company,
        "source": doc.source,
        "url": doc.url,
        "media_type": doc.media_type,
        "sha256": doc.sha256,
        "captured_at": doc.captured_at,
        "lang": doc.lang,
        "title": doc.title,
        "version": doc.version,
    }
    if doc.passages:
        label = doc.title or doc.source
        data["passages"] = [
            {
                "id": p.id,
                "index": p.index,
                "text": p.text,
                "lang": p.lang,
                "page": p.location.page,
                "heading": p.location.heading,
                "paragraph": p.location.paragraph,
                "citation": f"{label}, {p.location.cite()}",
            }
            for p in doc.passages
        ]
    return data


def list_evidence(database: Database, product: str | None = None) -> list[EvidenceDoc]:
    """Every stored document (all versions), newest product first; passages left empty.

    With ``product``, only that product's documents (NotFoundError with close
    names when no document has it).
    """
    from kizuna.adapters.storage.evidence import EvidenceStore

    store = EvidenceStore(database)
    if product is None:
        return store.documents(None)
    return store.documents(_known_product(store, product))


def get_evidence(database: Database, doc_id: int) -> EvidenceDoc:
    """One stored document with its passages; NotFoundError when no document has ``doc_id``."""
    from kizuna.adapters.storage.evidence import EvidenceStore

    doc = EvidenceStore(database).document(doc_id)
    if doc is None:
        raise NotFoundError(f"no stored evidence document has id {doc_id}")
    return doc


def original_bytes(database: Database, doc_id: int) -> bytes | None:
    """The original bytes of document ``doc_id`` when they were kept, else None."""
    from kizuna.adapters.storage.evidence import EvidenceStore

    doc = get_evidence(database, doc_id)
    return EvidenceStore(database).blob(doc.sha256)


def product_passages(database: Database, product: str) -> list[tuple[EvidenceDoc, Passage]]:
    """Passages of the latest version of each source of ``product``, in document order.

    The documents come without their passages (each pair carries one).
    Raises NotFoundError listing close product names when the product is unknown.
    """
    from kizuna.adapters.storage.evidence import EvidenceStore

    store = EvidenceStore(database)
    return store.latest_passages(_known_product(store, product))


def list_products(database: Database) -> list[ProductSummary]:
    """Every product with evidence, by name."""
    from kizuna.adapters.storage.evidence import EvidenceStore

    return [ProductSummary(**row) for row in EvidenceStore(database).product_rows()]


def stored_products(database: Database, names: Sequence[str]) -> list[str]:
    """``names`` when every one has stored evidence (NotFoundError with close names otherwise).

        >>> stored_products(database, ["FlipView Console"])  # doctest: +SKIP
        ['FlipView Console']
    """
    from kizuna.adapters.storage.evidence import EvidenceStore

    store = EvidenceStore(database)
    for name in names:
        _known_product(store, name)
    return list(names)


def _known_product(store: Any, product: str) -> str:
    """The product key of ``product``; NotFoundError with close names when none is stored."""
    from kizuna.adapters.storage.evidence import product_key

    key = product_key(product)
    names: dict[str, str] = store.product_names()
    if key in names:
        return key
    raise NotFoundError(
        f"no evidence stored for product {product!r}", candidates=_close(key, names)
    )


def _close(key: str, names: dict[str, str]) -> list[str]:
    close = difflib.get_close_matches(key, list(names), n=5, cutoff=0.5)
    contains = [k for k in names if key and (key in k or k in key) and k not in close]
    return [names[k] for k in _unique([*close, *contains])][:5]


def _unique(items: Sequence[str]) -> Iterator[str]:
    seen: set[str] = set()
    for item in items:
        if item not in seen:
            seen.add(item)
            yield item
