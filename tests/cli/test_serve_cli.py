"""``kizuna serve`` checks the port before it prints the URL."""

from __future__ import annotations

import socket

import pytest

from kizuna.cli.app import main


def test_taken_port_is_one_line_and_no_url(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        assert main(["serve", "--port", str(port)]) == 1
    finally:
        taken.close()
    err = capsys.readouterr().err
    assert err == (f"error: port {port} on 127.0.0.1 is already in use (another kizuna serve?); "
                   "stop it or choose another with --port\n")
    assert "http://" not in err
