"""``kizuna damages --method 102-2`` with the rebuttal reasons as explicit inputs."""

from __future__ import annotations

import json

import pytest

from kizuna.cli.app import main


def test_rebuttal_reasons(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["damages", "--method", "102-2", "--sales", "1,000,000,000", "--direct-costs",
            "700,000,000", "--rebuttal-unsellable", "30%", "--rebuttal-contribution", "50%",
            "--rate", "5%"]  # fmt: skip
    assert main([*args, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["claimable"]["base"]["amount"] == "75000000"
    parts = {c["label"]: c["amount"]["amount"] for c in doc["scenarios"][1]["components"]}
    assert parts == {"102(2) infringer's profit": "60000000", "102(3) on rebutted part": "15000000"}
    assert any("令和2年(ネ)第10024号" in note for note in doc["notes"])
    assert main([*args, "--not-licensable", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["claimable"]["base"]["amount"] == "60000000"


def test_retired_flags_name_their_replacements(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["damages", "--method", "102-2", "--sales", "1000", "--capacity-share", "50%"])
    err = " ".join(capsys.readouterr().err.split())
    assert code == 1
    assert err.startswith("error: --capacity-share: replaced by --rebuttal-unsellable")
