"""Rebuild the generated files of the evidence test set (run from the repository root).

    .venv/bin/python tests/data/evidence/_build/build.py

Writes the PDF datasheets (from the HTML in this folder, with
kizuna.adapters.exports.pdf.html_to_pdf), the DOCX manual (python-docx), the
Shift_JIS press release, the encoding samples and the bad-input files. All
content is fictitious and written for the project (see ../SOURCES.md).
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pypdf

from kizuna.adapters.exports.pdf import html_to_pdf

HERE = Path(__file__).parent
ROOT = HERE.parent

PRESS_RELEASE = """【ニュースリリース】湊精工、熊本工場に立体配線モジュールの新ラインを開設

2025年4月1日
湊精工株式会社

湊精工株式会社は、熊本工場に MID-Form 3D 立体配線モジュールの第二生産ラインを開設しました。
月産能力は従来の2倍の40万個となります。

■ 新ラインの概要
新ラインでは、成形から検査までを一貫して行います。
工場の電力の60％を太陽光発電でまかない、生産に伴うCO2排出量を削減します。

■ 今後の展開
車載向けに加え、医療機器や産業機器向けの受注拡大を目指します。

本件に関するお問い合わせ先：湊精工株式会社 広報部
"""

SPEC_JA = """【製品仕様】MID-Form 3D

導電性インクを配線溝の底部に塗布して導電路を形成します。
導電路の表面はレジストインクによる絶縁層で被覆されます。
"""


def build_pdfs() -> None:
    for source, target in (
        ("datasheet-mid-form-3d.html", "mid-form-3d/datasheet.pdf"),
        ("datasheet-magseal.html", "magseal-cap-38/datasheet.pdf"),
        ("datasheet-flipview.html", "flipview-console/datasheet.pdf"),
    ):
        html_to_pdf((HERE / source).read_text(encoding="utf-8"), ROOT / target)


def build_manual() -> None:
    document = docx.Document()
    document.core_properties.title = "MagSeal Cap 38 user and filling-line manual"
    document.add_heading("MagSeal Cap 38 user and filling-line manual", level=0)
    document.add_heading("1 Safety", level=1)
    document.add_paragraph(
        "Keep the closure out of the reach of small children until it is fitted to a filled "
        "bottle. The magnets are strong: people with pacemakers should keep loose closures "
        "at least 10 cm away."
    )
    document.add_heading("2 How the closure works", level=1)
    document.add_paragraph(
        "The threaded inner cap screws onto the thread of the bottle neck. The outer shell "
        "houses the inner cap; its lower end is open."
    )
    document.add_paragraph(
        "A spring inside the closure pushes the outer shell upward relative to the inner cap. "
        "In this position the outer shell turns freely and the bottle stays closed."
    )
    document.add_paragraph(
        "Magnets fixed in the outer shell are attracted to the steel ring under the bottle "
        "thread and pull the shell downward. Press the shell down until it clicks, then turn "
        "it anticlockwise to open."
    )
    document.add_heading("3 Filling-line settings", level=1)
    table = document.add_table(rows=3, cols=2)
    for row, (name, value) in zip(
        table.rows,
        (
            ("Capping torque", "1.2 N·m"),
            ("Top load", "max. 40 N"),
            ("Line speed", "up to 120 bottles per minute"),
        ),
        strict=True,
    ):
        row.cells[0].text = name
        row.cells[1].text = value
    document.add_heading("4 Recycling", level=1)
    document.add_paragraph(
        "Remove the closure before recycling the bottle. The magnets can be separated with the "
        "shell at recycling centres that sort metals."
    )
    document.save(ROOT / "magseal-cap-38" / "manual.docx")


def build_texts() -> None:
    (ROOT / "mid-form-3d" / "press-release-sjis.txt").write_bytes(
        PRESS_RELEASE.replace("\n", "\r\n").encode("cp932")
    )
    (ROOT / "encodings" / "spec-euc-jp.txt").write_bytes(SPEC_JA.encode("euc_jp"))
    (ROOT / "encodings" / "spec-utf-16.txt").write_bytes(SPEC_JA.encode("utf-16"))  # with BOM
    (ROOT / "encodings" / "spec-utf-16le-nobom.txt").write_bytes(SPEC_JA.encode("utf-16-le"))
    (ROOT / "encodings" / "spec-shift_jis.html").write_bytes(
        (
            '<html><head><meta charset="Shift_JIS"><title>仕様</title></head><body><main>'
            "<h1>製品仕様</h1><p>" + SPEC_JA.split("\n", 2)[2].replace("\n", "") + "</p>"
            "</main></body></html>"
        ).encode("cp932")
    )


def build_bad() -> None:
    bad = ROOT / "bad"
    (bad / "empty.txt").write_bytes(b"")
    (bad / "corrupt.pdf").write_bytes(
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"\x8f\x13\xfe garbage where the page tree and the cross-reference table should be\n"
    )
    writer = pypdf.PdfWriter(clone_from=ROOT / "flipview-console" / "datasheet.pdf")
    writer.encrypt(user_password="kizuna-secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    (bad / "encrypted.pdf").write_bytes(buffer.getvalue())
    (bad / "no-text.html").write_text(
        "<!DOCTYPE html><html><head><title>Gallery</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/products">Products</a></nav>'
        '<main><img src="hero.jpg" alt=""><img src="valve.jpg" alt=""></main>'
        "<footer>© 2025</footer></body></html>\n",
        encoding="utf-8",
    )
    # Not UTF-8, UTF-16, Shift_JIS nor EUC-JP: 0x81 0x20 is no Shift_JIS pair, 0x81 no EUC-JP lead.
    (bad / "undecodable.txt").write_bytes(b"Product notes: \x81\x20\xfd\xfe\xa0 end\n")


if __name__ == "__main__":
    build_pdfs()
    build_manual()
    build_texts()
    build_bad()
