"""Demo step: a relationship campaign from first contact to agreement, and an SEP campaign
escalated to a JPO hantei; records verified and exported under out/campaign/.

The licensee and the first patent are the top-ranked (patent, company) pair of the landscape
step (out/landscape/targets.json), the second patent a US sample; without a ranking, a company
from tests/data/companies/companies.csv.
Dates are set explicitly so the chronology reads as a real negotiation would.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
COMPANIES = ROOT / "tests" / "data" / "companies" / "companies.csv"
EVIDENCE = ROOT / "tests" / "data" / "campaigns" / "2020123456-A53-written-opinion.xml"
PATENTS = "JP7533889,US8930553"
WANTED = "キヤノン株式会社"


def _licensee() -> str:
    """A company of the sample list (the one wanted, else the first with a Japanese name)."""
    try:
        with COMPANIES.open(encoding="utf-8-sig", newline="") as handle:
            names = [row["name_ja"] for row in csv.DictReader(handle) if row.get("name_ja")]
    except OSError:
        return WANTED
    return WANTED if WANTED in names else (names[0] if names else WANTED)


RELATIONSHIP_STEPS: tuple[tuple[str, ...], ...] = (
    ("contact", "--name", "高橋 一郎", "--role", "intermediary", "--org", "元 同社 知的財産部長"),
    ("contact", "--name", "鈴木 美香", "--role", "ip-department", "--org", "知的財産法務本部"),
    ("contact", "--name", "伊藤 健", "--role", "business-unit", "--org", "事業本部"),
    ("advance", "--to", "introduction", "--date", "2026-04-06"),
    (
        "log",
        "--kind",
        "letter",
        "--summary",
        "紹介者経由で面談依頼状を送付",
        "--date",
        "2026-04-07",
    ),
    ("advance", "--to", "first-meeting", "--date", "2026-05-12"),
    (
        "log",
        "--kind",
        "meeting",
        "--summary",
        "初回面談（紹介者同席、知財部長・事業部長）",
        "--date",
        "2026-05-12",
    ),
    ("advance", "--to", "nda", "--date", "2026-05-26"),
    ("log", "--kind", "nda", "--summary", "Mutual NDA signed", "--date", "2026-05-26"),
    ("advance", "--to", "technical-meetings", "--date", "2026-06-10"),
    (
        "log",
        "--kind",
        "meeting",
        "--summary",
        "技術面談：請求項1の構成要件を説明",
        "--date",
        "2026-06-10",
    ),
    ("advance", "--to", "evidence-shared", "--date", "2026-07-01"),
    (
        "log",
        "--kind",
        "evidence-shared",
        "--summary",
        "意見書とクレームチャートを開示（NDA下）",
        "--date",
        "2026-07-01",
        "--attach",
        str(EVIDENCE),
    ),
    ("log", "--corrects", "11", "--summary", "開示日は2026-07-02（記載誤り）"),
    ("advance", "--to", "terms-proposed", "--date", "2026-08-03"),
    (
        "log",
        "--kind",
        "offer",
        "--summary",
        "Running royalty 2.5% of net sales, JP only",
        "--date",
        "2026-08-03",
    ),
    (
        "log",
        "--kind",
        "counteroffer",
        "--summary",
        "先方対案：1.5%、一括払い併用",
        "--date",
        "2026-09-01",
    ),
    ("advance", "--to", "ringi", "--date", "2026-09-30"),
    ("advance", "--to", "agreement", "--date", "2026-11-02"),
)

SEP_STEPS: tuple[tuple[str, ...], ...] = (
    ("advance", "--to", "offer", "--date", "2026-03-02"),
    (
        "log",
        "--kind",
        "letter",
        "--summary",
        "Offer with claim charts and FRAND declaration",
        "--date",
        "2026-03-02",
    ),
    ("advance", "--to", "willingness", "--date", "2026-04-15"),
    ("advance", "--to", "frand-offer", "--date", "2026-05-20"),
    (
        "log",
        "--kind",
        "email",
        "--summary",
        "No counteroffer after two reminders",
        "--date",
        "2026-08-20",
    ),
    ("advance", "--to", "hantei", "--date", "2026-09-01"),
)


def _run_steps(demo: Any, cid: str, steps: tuple[tuple[str, ...], ...]) -> None:
    for command, *args in steps:
        demo.run("campaign", command, cid, *args)


def _top_target(out: Path) -> tuple[str, str]:
    """(licensee, patents) from the first ranked pair of the landscape step, else the defaults."""
    try:
        ranking = json.loads((out / "landscape" / "targets.json").read_text(encoding="utf-8"))
        pair = ranking["pairs"][0]
        company = pair["company"]
        licensee = company.get("name_ja") or company["name"]
        patent = pair["patent"]
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return _licensee(), PATENTS
    others = [n for n in PATENTS.split(",") if not patent.startswith(n)]
    return licensee, ",".join([patent, *others])


def step(demo: Any, out: Path) -> list[str]:
    """Run both campaigns, verify and export; return summary lines."""
    folder = out / "campaign"
    folder.mkdir(parents=True, exist_ok=True)
    licensee, patents = _top_target(out)
    opened = demo.json(
        "campaign", "new", "--licensee", licensee, "--patents", patents, "--date", "2026-03-16"
    )
    cid = str(opened["id"])
    _run_steps(demo, cid, RELATIONSHIP_STEPS)
    shown = demo.json("campaign", "show", cid, save=f"campaign/campaign-{cid}.json")
    record = folder / f"record-{cid}.json"
    demo.run("campaign", "record", cid, "--export", "json", "-o", str(record))
    offline = demo.json("campaign", "verify", "--file", str(record))
    tampered = json.loads(record.read_text(encoding="utf-8"))
    tampered["entries"][4]["summary"] = "初回面談は実施されなかった"
    forged = folder / f"record-{cid}-tampered.json"
    forged.write_text(json.dumps(tampered, ensure_ascii=False, indent=2), encoding="utf-8")
    broken = demo.json("campaign", "verify", "--file", str(forged), ok_codes=(1,))

    sep = demo.json(
        "campaign",
        "new",
        "--licensee",
        licensee,
        "--patents",
        patents,
        "--track",
        "sep",
        "--date",
        "2026-02-16",
    )
    sep_id = str(sep["id"])
    _run_steps(demo, sep_id, SEP_STEPS)
    sep_shown = demo.json("campaign", "show", sep_id, save=f"campaign/campaign-{sep_id}.json")
    due = demo.json("campaign", "due", "--as-of", "2026-12-15", save="campaign/due.json")

    company = f"company {shown['company_id']}" if shown["company_id"] else "as given"
    return [
        f"Campaign {cid}: {shown['licensee']} ({company}) over {', '.join(shown['patents'])}, "
        f"relationship track, {shown['entries']} record entries, now "
        f"{shown['stage_label']['en']} / {shown['stage_label']['ja']}",
        f"  record verified: {shown['verification']['ok']}; exported offline copy "
        f"out/campaign/{record.name} verifies: {offline['ok']} (head {offline['head'][:16]}…)",
        f"  a tampered copy is caught: {broken['problem']}",
        f"Campaign {sep_id}: SEP track, {sep_shown['stage_label']['en']}, escalated to "
        f"{sep_shown['escalation_label']['en']} / {sep_shown['escalation_label']['ja']}",
        f"  follow-ups due on 2026-12-15: {len(due['due'])} "
        "(response periods are settings, not legal deadlines)",
    ]
