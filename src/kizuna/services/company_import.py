"""Import a company file: new companies are added, known ones merged, never erased.

Merge rules (replace / add / keep per field) are in
:mod:`kizuna.domain.company_merge` and docs/companies.md. A row that fails
(bad value, duplicate, clash) changes nothing; valid rows are stored in one
transaction. ``dry_run=True`` runs the same import and rolls it back, so the
report's ``changes`` show exactly what a real import would do.

    >>> report = import_companies(db, Path("bad-rows.csv"), dry_run=True)  # doctest: +SKIP
    >>> [(c.line, c.action) for c in report.changes]  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kizuna.adapters.sources.companies import ParsedRow, RowFailure, read_companies
from kizuna.domain.company import Company
from kizuna.domain.company_merge import FieldChange, company_changes, merge_company
from kizuna.domain.company_names import normalise_name
from kizuna.services.company_resolution import CompanyIndex

if TYPE_CHECKING:
    from kizuna.adapters.storage.companies import SqlCompanyRepository
    from kizuna.adapters.storage.db import Database

__all__ = ["ImportReport", "RowChange", "import_companies"]


@dataclass(frozen=True, kw_only=True)
class RowChange:
    """What one valid row does: ``imported``, ``updated`` (with the diff) or ``unchanged``."""

    line: int
    company: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """``{line, company, action, changes: [{field, old, new}]}``."""
        return {"line": self.line, "company": self.company, "action": self.action,
                "changes": [c.to_json() for c in self.changes]}


@dataclass(frozen=True, kw_only=True)
class ImportReport:
    """What an import stored (or would store, on a dry run) and which rows it refused."""

    file: str
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[RowFailure] = field(default_factory=list)
    warnings: list[RowFailure] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)
    dry_run: bool = False

    def to_json(self) -> dict[str, Any]:
        """``{file, dry_run, imported, updated, unchanged, failed, warnings, changes}``."""
        return {
            "file": self.file,
            "dry_run": self.dry_run,
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": [f.to_json() for f in self.failed],
            "warnings": [w.to_json() for w in self.warnings],
            "changes": [c.to_json() for c in self.changes],
        }


def _repo(session: Any) -> SqlCompanyRepository:
    from kizuna.adapters.storage.companies import SqlCompanyRepository  # composition point

    return SqlCompanyRepository(session)


def import_companies(
    database: Database, path: Path, data: bytes | None = None, *, dry_run: bool = False
) -> ImportReport:
    """Import a CSV/JSONL company file; valid rows are stored in one transaction.

    A row with a stored company's corporate number, or its normalised primary
    name, is merged into that company (:func:`merge_company`): given fields
    replace or add, empty ones keep. Duplicates within the file and clashes
    with a different stored company are refused and change nothing. Parents
    are resolved (by corporate number or name) after the rows are stored.
    With ``dry_run`` nothing is written.
    """
    parsed = read_companies(path, data)
    failed = list(parsed.failed)
    counts = {"imported": 0, "updated": 0, "unchanged": 0}
    changes: list[RowChange] = []
    with database.session() as session:
        repo = _repo(session)
        seen: dict[str, int] = {}
        stored_ids: dict[int, int] = {}  # line -> company id
        for row in parsed.rows:
            error = _duplicate(row, seen)
            if error is None:
                change, company_id, error = _store(repo, row)
                if change is not None:
                    counts[change.action] += 1
                    changes.append(change)
                    stored_ids[row.line] = company_id
            if error is not None:
                failed.append(RowFailure(line=row.line, error=error))
        warnings = _resolve_parents(repo, parsed.rows, stored_ids)
        if dry_run:
            session.rollback()
    failed.sort(key=lambda f: f.line)
    return ImportReport(file=parsed.file, failed=failed, warnings=warnings, changes=changes,
                        dry_run=dry_run, **counts)


def _duplicate(row: ParsedRow, seen: dict[str, int]) -> str | None:
    company = row.company
    marks = [f"name:{normalise_name(company.display_name)}"]
    if company.corporate_number:
        marks.append(f"number:{company.corporate_number}")
    for mark in marks:
        if mark in seen:
            what = "name" if mark.startswith("name:") else "corporate number"
            value = company.display_name if what == "name" else company.corporate_number
            return f"duplicate {what} {value!r}: the same company as line {seen[mark]}"
    for mark in marks:
        seen[mark] = row.line
    return None


def _clash(repo: SqlCompanyRepository, company: Company) -> tuple[int | None, str | None]:
    """The stored company this row updates (or None for a new one), or the clash."""
    key = normalise_name(company.display_name)
    by_number, by_name = repo.find_id(corporate_number=company.corporate_number, name_key=key)
    if by_number is not None and by_name is not None and by_number != by_name:
        return None, (
            f"{company.display_name!r} clashes with stored companies: corporate number "
            f"{company.corporate_number} is company {by_number}, the name is company {by_name}"
        )
    if by_number is None and by_name is not None and company.corporate_number:
        stored = repo.get(by_name)
        if stored is not None and stored.corporate_number:
            return None, (
                f"{company.display_name!r} clashes with stored company {by_name}: same name, "
                f"corporate number {stored.corporate_number}, this row {company.corporate_number}"
            )
    return (by_number if by_number is not None else by_name), None


def _store(
    repo: SqlCompanyRepository, row: ParsedRow
) -> tuple[RowChange | None, int, str | None]:
    company = row.company
    target, error = _clash(repo, company)
    if error is not None:
        return None, 0, error
    name = company.display_name
    if target is None:
        return RowChange(line=row.line, company=name, action="imported",
                         changes=company_changes(Company(), company)), repo.add(company), None
    stored = repo.get(target)
    assert stored is not None  # find_id returned its id in this transaction
    merged = merge_company(stored, company, given=row.given)
    diff = company_changes(stored, merged)
    if not diff:
        unchanged = RowChange(line=row.line, company=stored.display_name, action="unchanged")
        return unchanged, target, None
    other, error = _clash(repo, merged)
    if error is not None or other not in (None, target):
        return None, 0, error or f"{name!r}: the merged name belongs to stored company {other}"
    repo.update(target, merged)
    return RowChange(line=row.line, company=merged.display_name, action="updated",
                     changes=diff), target, None


def _resolve_parents(
    repo: SqlCompanyRepository, rows: list[ParsedRow], stored_ids: dict[int, int]
) -> list[RowFailure]:
    """Link each stored row's parent; a row without a parent keeps the stored link."""
    index = CompanyIndex(repo.all())
    warnings = []
    for row in rows:
        company_id = stored_ids.get(row.line)
        parent = row.company.parent
        if company_id is None or not parent:
            continue
        match = index.resolve(parent).match
        if match is None or match.id == company_id:
            warnings.append(RowFailure(line=row.line, error=f"parent {parent!r} is not a stored "
                                       "company (kept as text; import it and re-import)"))
            repo.set_parent(company_id, None)
        else:
            repo.set_parent(company_id, match.id)
    return warnings
