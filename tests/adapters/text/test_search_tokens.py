"""Search tokens: Sudachi short units plus compounds, English stems, safe across threads."""

from __future__ import annotations

import threading

from kizuna.adapters.text.search_tokens import search_tokens


def test_short_units_and_compounds() -> None:
    tokens = search_tokens("リチウムイオン電池")
    assert {"リチウム", "イオン", "電池", "リチウムイオン電池"} <= set(tokens)
    assert search_tokens("立体配線") == ["立体", "配線"]
    assert search_tokens("Lithium batteries") == ["lithium", "battery"]
    assert search_tokens("ＵＳＢ") == ["usb"]


def test_threads_tokenise_at_once() -> None:
    # One Sudachi tokenizer shared by threads fails ("already in use"); each thread has its own.
    faults: list[BaseException] = []
    text = "導電性インクを塗布して配線溝の底部に導電路を形成する"
    expected = search_tokens(text)

    def work() -> None:
        try:
            for _ in range(100):
                assert search_tokens(text) == expected
        except BaseException as exc:
            faults.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert faults == []
