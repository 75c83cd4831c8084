"""Hostile input to the record checks: random bytes as timestamp tokens, random text as anchor
lines, and randomly mutated exports never raise anything but a Kizuna error (no traceback)."""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kizuna.adapters.storage.db import Database
from kizuna.domain.records.anchors import parse_anchor
from kizuna.domain.records.timestamps import TokenError, read_token
from kizuna.errors import KizunaError
from kizuna.services.campaign_record import verify_record_file, write_record_json
from tests.domain.test_record_anchors import make_token
from tests.services.campaign_support import sample_campaign

FEW = settings(max_examples=60, deadline=None)


@functools.cache
def _real_token() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        return make_token(Path(folder), "ab" * 32)


@FEW
@given(st.binary(max_size=2000))
def test_random_bytes_are_never_a_traceback_as_a_token(data: bytes) -> None:
    with contextlib.suppress(TokenError):
        read_token(data)


@FEW
@given(st.integers(min_value=0), st.integers(min_value=0, max_value=255), st.booleans())
def test_a_mutated_real_token_is_read_or_refused(at: int, value: int, cut: bool) -> None:
    data = bytearray(_real_token())
    at %= len(data)
    mutated = bytes(data[:at]) if cut else bytes(data[:at] + bytes([value]) + data[at + 1 :])
    with contextlib.suppress(TokenError):
        read_token(mutated)


@FEW
@given(st.text(max_size=400))
def test_random_text_is_an_anchor_or_a_value_error(text: str) -> None:
    with contextlib.suppress(ValueError):
        parse_anchor(text)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@pytest.fixture
def export(database: Database, tmp_path: Path) -> dict[str, Any]:
    campaign = sample_campaign(database)
    path = write_record_json(database, campaign.id or 0, tmp_path / "record.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(where=st.integers(min_value=0), field=st.integers(min_value=0), value=JSON)
def test_a_mutated_export_is_checked_or_refused_in_one_line(
    export: dict[str, Any], tmp_path: Path, where: int, field: int, value: Any
) -> None:
    data = copy.deepcopy(export)
    targets: list[tuple[Any, str]] = [(data, k) for k in data]
    targets += [(data["signing"], k) for k in data["signing"]]
    for entry in data["entries"]:
        targets += [(entry, k) for k in entry]
    holder, key = targets[(where + field) % len(targets)]
    holder[key] = value
    path = tmp_path / "mutated.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    try:
        result = verify_record_file(path)
    except KizunaError as exc:
        assert "\n" not in str(exc)
        return
    assert result.verification.ok in (True, False)


@pytest.mark.parametrize("value", [True, 7, "a.pdf", {"name": "a.pdf"}])
def test_attachments_that_are_not_a_list_are_refused_in_one_line(
    export: dict[str, Any], tmp_path: Path, value: Any
) -> None:
    data = copy.deepcopy(export)
    data["entries"][0]["attachments"] = value  # found by the property test above: a bool crashed
    path = tmp_path / "mutated.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(KizunaError, match="attachments is not a list") as caught:
        verify_record_file(path)
    assert "\n" not in str(caught.value)
