"""Message codes: declared once, rendered at the edge, carried in JSON as code + params + text."""

from __future__ import annotations

import pytest

from chuhai.messages import message_json, render, template

T = template("test.ranked", "Ranked {rank} of {n}: {why}; growth {g:pct+}, size {s:usd}")
W = template("test.why", "strongest on {parts}")


def test_render_english_with_kinds_and_nesting() -> None:
    m = T(rank=1, n=105, why=W(parts=("untapped potential", "market access")), g=0.04, s=6.57e6)
    assert render(m) == ("Ranked 1 of 105: strongest on untapped potential, market access; "
                         "growth +4.0 %, size US$6.6 M")
    assert str(m) == render(m)


def test_translate_uses_english_template_as_msgid() -> None:
    zh = {"strongest on {parts}": "最强项：{parts}"}
    m = W(parts=("甲", "乙"))
    assert render(m, "zh", lambda s: zh.get(s, s)) == "最强项：甲、乙"


def test_json_keeps_numbers_as_numbers() -> None:
    m = T(rank=2, n=3, why=W(parts=("a",)), g=float("nan"), s=1.0)
    j = message_json(m)
    assert j["code"] == "test.ranked" and j["params"]["rank"] == 2 and j["params"]["g"] is None
    assert j["params"]["why"] == {"code": "test.why", "params": {"parts": ["a"]}}
    assert j["text"] == "Ranked 2 of 3: strongest on a; growth –, size US$1"


def test_wrong_params_and_duplicate_codes_fail() -> None:
    with pytest.raises(TypeError):
        W(part=("a",))
    with pytest.raises(ValueError):
        template("test.why", "another text")


def test_serialiser_adds_codes_beside_text_fields() -> None:
    import dataclasses

    from chuhai.serialise import to_json

    @dataclasses.dataclass(frozen=True)
    class Row:
        importer: str
        reason: object
        warnings: tuple[object, ...]
        hidden: int = dataclasses.field(default=0, metadata={"json": False})
        value: float = float("inf")

    out = to_json(Row("MOZ", W(parts=("a",)), (W(parts=("b", "c")),)))
    assert out == {
        "importer": "MOZ", "reason": "strongest on a",
        "reason_message": {"code": "test.why", "params": {"parts": ["a"]}, "text": "strongest on a"},
        "warnings": ["strongest on b, c"],
        "warnings_messages": [{"code": "test.why", "params": {"parts": ["b", "c"]},
                               "text": "strongest on b, c"}],
        "value": None,
    }


def test_a_text_from_data_is_shown_in_the_message_language() -> None:
    from chuhai.messages import Text, message_json, render, template

    tpl = template("test.data_text", "note: {text}")
    msg = tpl(text=Text("margin not found", "未查到优惠幅度"))
    assert render(msg) == "note: margin not found"
    assert render(msg, "zh", lambda s: "说明：{text}") == "说明：未查到优惠幅度"
    assert render(tpl(text=Text("only English")), "zh", lambda s: "说明：{text}") == "说明：only English"
    assert message_json(msg)["params"] == {"text": "margin not found"}  # JSON keeps the English text
    assert str(Text("a", "甲")) == "a"


def test_a_text_parameter_survives_json_and_relocalise() -> None:
    from chuhai.i18n.catalogs import message_text
    from chuhai.i18n.relocalise import relocalise
    from chuhai.messages import Text, message_json
    from chuhai.tenders import messages as TM

    msg = TM.PACK_WARNING(text=Text("margin not found", "未查到优惠幅度"))
    j = message_json(msg)
    assert j["params"] == {"text": "margin not found"}
    assert j["texts"] == {"text": {"en": "margin not found", "zh": "未查到优惠幅度"}}
    assert "texts" not in message_json(TM.PARAM_NOT_FOUND())  # only messages with a Text param
    back = relocalise({"warning_message": j, "warning": j["text"]}, "zh", lambda s: s)
    assert back["warning_message"]["text"] == message_text(msg, "zh") == "未查到优惠幅度"
