"""Streaming evidence reading (issue 12.1): chunked lines, comments, encodings, sentence cuts.

Each streamed step is checked against the whole-text form it replaces, on the
real sample files and on generated text cut into chunks at random places.
"""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizuna.adapters.sources.evidence import EvidenceLimits, open_evidence, read_evidence
from kizuna.adapters.sources.evidence.decoding import decode_text
from kizuna.adapters.sources.evidence.lines import PIECE_CHARS, iter_lines, strip_comments
from kizuna.adapters.sources.evidence.passages import split_sentences
from kizuna.adapters.sources.evidence.stream import ByteSource, scan
from kizuna.errors import EmptyFileError, EncodingError

EVIDENCE = Path(__file__).parents[2] / "data" / "evidence"
_OLD_SENTENCE_END = re.compile(r"(?<=[.!?][\"'”’)\]])\s+|(?<=[.!?])\s+|(?<=[。！？．])\s*")


def _chunked(text: str, cuts: list[int]) -> list[str]:
    points = sorted({c % (len(text) + 1) for c in cuts} | {0, len(text)})
    return [text[a:b] for a, b in itertools.pairwise(points)]


def _old_drop_comments(text: str) -> str:
    parts: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        parts.append(text[position:start])
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)


LINE_TEXT = st.text(alphabet="ab \r\n\x0c\u2028。", max_size=60)
COMMENT_TEXT = st.text(alphabet="<!->x\n", max_size=60)
CUTS = st.lists(st.integers(min_value=0, max_value=100), max_size=8)


@settings(max_examples=300, deadline=None)
@given(LINE_TEXT, CUTS)
def test_lines_of_chunks_are_the_lines_of_the_text(text: str, cuts: list[int]) -> None:
    lines = list(iter_lines(_chunked(text, cuts)))
    assert [line for line, _ in lines] == text.splitlines()
    assert all(whole for _, whole in lines)


@settings(max_examples=300, deadline=None)
@given(COMMENT_TEXT, CUTS)
def test_comments_of_chunks_are_dropped_as_in_the_whole_text(text: str, cuts: list[int]) -> None:
    kept = "".join(strip_comments(_chunked(text, cuts), text.rfind("-->")))
    assert kept == _old_drop_comments(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=".!?。！？． \t\"')]”’ab水", max_size=30))
def test_sentences_are_cut_where_the_lookbehind_form_cut(text: str) -> None:
    pieces = [p.strip() for p in _OLD_SENTENCE_END.split(text) if p and p.strip()]
    assert " ".join(split_sentences(text)).split() == " ".join(pieces).split()


def test_a_crlf_split_over_chunks_then_an_empty_chunk_breaks_once() -> None:
    # Found by the property above: "\r" | "\n" | "\n" is one break, then one more.
    assert list(iter_lines(["a\r", "\n", "\n"])) == [("a", True), ("", True)]


def test_a_line_longer_than_a_piece_comes_in_pieces_that_keep_every_character() -> None:
    line = "word " * (PIECE_CHARS // 2)  # about 2.5 pieces
    pieces = list(iter_lines([line[i : i + 1000] for i in range(0, len(line), 1000)]))
    assert len(pieces) == 3 and not any(whole for _, whole in pieces)
    assert all(len(text) <= PIECE_CHARS for text, _ in pieces)
    assert "".join(text for text, _ in pieces) == line.rstrip("\n")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [("製品の仕様。ポンプは静かです。", "cp932"), ("製品の仕様。", "euc_jp"),
     ("Pump 製品", "utf-16"), ("Pump 製品", "utf-8-sig"), ("plain words", "utf-16-le")],
)
def test_the_streamed_scan_chooses_the_encoding_decode_text_chooses(
    text: str, encoding: str
) -> None:
    data = text.encode(encoding)
    found = scan(ByteSource(data), "x.txt", decode=True)
    expected = decode_text(data, "x.txt")
    assert expected == text
    assert found.chars == len(expected)


def test_a_file_valid_utf8_until_late_is_read_as_shift_jis_as_before(tmp_path: Path) -> None:
    # The UTF-8 pass fails only after the first chunk: the choice is still exact.
    text = "A" * (3 * 1024 * 1024) + "製品の仕様です。"
    path = tmp_path / "late.txt"
    path.write_bytes(text.encode("cp932"))
    doc = read_evidence(path, limits=_limits())
    assert doc.passages[-1].text.endswith("製品の仕様です。")


def test_binary_and_undecodable_bytes_are_refused_on_opening() -> None:
    with pytest.raises(EncodingError, match=r"x\.txt: binary content"):
        open_evidence(Path("x.txt"), b"text\x00\x01 more text")
    with pytest.raises(EmptyFileError, match="the file is empty"):
        open_evidence(Path("x.txt"), b" \n\t ")


def test_a_seekable_upload_is_read_from_its_start_each_pass() -> None:
    data = (EVIDENCE / "mid-form-3d" / "seihin-ja.md").read_bytes()
    upload = io.BytesIO(data)
    upload.read(10)  # a caller left it mid-way
    reader = open_evidence(Path("seihin-ja.md"), upload)
    streamed = [p.text for p in reader.passages()]
    assert streamed == [p.text for p in read_evidence(Path("seihin-ja.md"), data).passages]
    assert b"".join(reader.chunks()) == data


def test_one_huge_paragraph_keeps_one_paragraph_number_and_bounded_passages() -> None:
    text = "The pump runs quietly and the sensor reads the flow " * 5_000  # ~260 K, one line
    doc = read_evidence(Path("one.txt"), text.encode(), limits=_limits())
    assert {p.location.paragraph for p in doc.passages} == {1}
    assert all(len(p.text) <= 500 for p in doc.passages)
    assert " ".join(p.text for p in doc.passages).split() == text.split()


def _limits() -> EvidenceLimits:
    return EvidenceLimits(max_bytes=2**30, max_chars=2**30, max_passages=10**7)
