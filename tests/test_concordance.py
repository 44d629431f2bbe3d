"""HS concordance from UNSD's official tables: totals kept, round trips, hand-made windows."""

from __future__ import annotations

import random
import re
from pathlib import Path

import openpyxl
import pyarrow as pa
import pytest

from chuhai.data.reference.concordance import convert_flows, convert_table, links, splits
from chuhai.data.reference.unsd import read_unsd_workbook
from chuhai.errors import InputError


def _workbook_links(path: Path, sheet_word: str) -> set[tuple[str, str]]:
    """Links read independently: every row of the sheet with two 6-digit text codes."""
    wb = openpyxl.load_workbook(path, read_only=True)
    ws = next(w for w in wb.worksheets if sheet_word in w.title.lower())
    out = set()
    for row in ws.iter_rows(values_only=True):
        codes = [str(c) for c in row if c is not None and re.fullmatch(r"\d{6}", str(c))]
        if len(codes) >= 2 and "999999" not in codes[:2]:
            out.add((codes[0], codes[1]))
    wb.close()
    return out


def test_packaged_links_are_the_unsd_workbook(shared_data: Path) -> None:
    path = shared_data / "hs-concordance" / "HS2022toHS2017ConversionAndCorrelationTables.xlsx"
    corr = _workbook_links(path, "corr")
    conv = dict(_workbook_links(path, "conv"))
    assert len(corr) == 15_656 and len(conv) == 5_612  # SOURCE.md: 15,657 and 5,613 with 999999
    pair = read_unsd_workbook(path)
    assert set(pair.links) == corr and pair.conversion == conv
    fwd = links("HS22", "HS17")
    for new, olds in fwd.items():
        if not new.startswith(("8549", "8524", "852990")):
            assert set(olds) == {o for n, o in corr if n == new}, new
        else:  # sweeping headings: the Conversion sheet's one target
            assert olds == (conv[new],), new
    assert fwd["854921"] == ("854231",) and fwd["852411"] == ("851712",)


def test_sweeping_headings_do_not_swallow_valves_and_meters() -> None:
    for code in ("848110", "848180", "902810", "902820", "902890"):
        assert links("HS17", "HS22")[code] == (code,)
        assert links("HS22", "HS17")[code] == (code,)
    assert splits(["848180"], "HS17", "HS22")["848180"].relation == "1:1"


def test_totals_preserved_to_the_dollar() -> None:
    rng = random.Random(13)
    for src, dst in (("HS17", "HS22"), ("HS22", "HS92"), ("HS92", "HS22"), ("HS02", "HS12")):
        codes = rng.sample(sorted(links(src, dst)), 800) + ["999999", "271000"]
        flows = [(c, rng.uniform(0, 5e9)) for c in codes for _ in range(2)]
        weights = {t: rng.choice([0.0, rng.uniform(1, 1e8)]) for ts in links(src, dst).values() for t in ts}
        out = convert_flows(flows, src, dst, weights=weights)
        assert abs(sum(v for _, v in out.flows) - sum(v for _, v in flows)) < 1.0, (src, dst)
        s = out.concordance
        assert abs(s.value_usd - sum(v for _, v in flows)) < 1.0
        assert s.codes_split and 0 < s.share_split < 1 and s.value_split_usd <= s.value_usd
        assert "999999" in s.unmapped
        assert set(s.codes_split) <= set(s.codes_affected)


def test_round_trip_hs17_hs22_hs17_on_one_to_one_lines_is_identity() -> None:
    plan = splits(links("HS17", "HS22"), "HS17", "HS22")
    one = sorted(c for c, p in plan.items() if p.relation == "1:1")
    assert len(one) > 3000
    rng = random.Random(7)
    flows = [(c, float(rng.randrange(1, 10**9))) for c in one]
    there = convert_flows(flows, "HS17", "HS22")
    back = convert_flows(there.flows, "HS22", "HS17")
    assert back.flows == tuple(sorted(flows))
    assert there.concordance.share_split == 0.0 and back.concordance.share_split == 0.0


def test_split_shares_trade_weighted_else_equal() -> None:
    out = convert_flows([("854140", 1000.0)], "HS17", "HS22", weights={"854141": 1.0, "854142": 3.0})
    assert out.flows == (("854141", 250.0), ("854142", 750.0))
    assert out.concordance.weighting == ("trade-weighted",) and out.concordance.share_split == 1.0
    eq = convert_flows([("854140", 1000.0)], "HS17", "HS22")
    assert eq.flows == (("854141", 250.0), ("854142", 250.0), ("854143", 250.0), ("854149", 250.0))
    assert eq.concordance.weighting == ("equal",) and eq.concordance.codes_split == ("854140",)


SWEEP = ("8549", "8524", "852990")  # HS2022's sweeping headings, declared in SOURCE.md


def test_mixed_hs92_hs17_window_equals_the_hand_conversion(shared_data: Path) -> None:
    """A window with HS92 rows (2016) and HS17 rows (2018) converted to HS22 gives the world
    total per HS22 code that one gets by hand from UNSD's own HS2022->HS1992/HS2017 sheets."""
    folder = shared_data / "hs-concordance"
    to92 = _workbook_links(folder / "HS2022toHS1992ConversionAndCorrelationTables.xlsx", "corr")
    to17 = _workbook_links(folder / "HS2022toHS2017ConversionAndCorrelationTables.xlsx", "corr")
    # by hand: 902820 is 1:1 in both; HS92 854140 links to the four HS22 854141-854149
    assert {n for n, o in to92 if o == "902820" and not n.startswith(SWEEP)} == {"902820"}
    parts = sorted(n for n, o in to92 if o == "854140" and not n.startswith(SWEEP))
    assert parts == sorted(n for n, o in to17 if o == "854140" and not n.startswith(SWEEP))
    rows = [(2016, "HS92", "902820", 100.0), (2016, "HS92", "854140", 400.0),
            (2018, "HS17", "902820", 130.0), (2018, "HS17", "854140", 600.0),
            (2016, "HS92", "902820", 5.5)]
    window = pa.table({"year": [r[0] for r in rows], "hs_revision": [r[1] for r in rows],
                       "hs6": [r[2] for r in rows], "value_usd": [r[3] for r in rows]})
    weights = {p: float(k + 1) for k, p in enumerate(parts)}  # trade in HS22, e.g. 2022-2023
    out, summary = convert_table(window, "HS22", weights=weights)
    got: dict[str, float] = {}
    for code, v in zip(out["hs6"].to_pylist(), out["value_usd"].to_pylist(), strict=True):
        got[code] = got.get(code, 0.0) + v
    hand = {"902820": 235.5} | {p: 1000.0 * weights[p] / sum(weights.values()) for p in parts}
    assert got.keys() == hand.keys()
    for code, v in hand.items():
        assert got[code] == pytest.approx(v, abs=1e-9)
    assert sum(got.values()) == pytest.approx(1235.5, abs=1e-9)
    assert set(out["hs_revision"].to_pylist()) == {"HS22"} and out["year"].to_pylist().count(2016) == 2 + len(parts)
    assert summary.from_revisions == ("HS17", "HS92") and summary.codes_split == ("854140",)
    assert summary.share_split == pytest.approx(1000.0 / 1235.5)


def test_baci_fold_and_unmapped_code() -> None:
    out = convert_flows([("271000", 50.0), ("300219", 7.0)], "HS22", "HS17")
    assert out.flows == (("271000", 50.0), ("300219", 7.0))
    assert out.concordance.unmapped == ("300219",) and out.concordance.codes_split == ()
    fwd = convert_flows([("300219", 7.0)], "HS17", "HS22")  # missing from UNSD's 2022->2017 table
    assert fwd.flows == (("300219", 7.0),) and fwd.concordance.unmapped == ("300219",)


def test_bad_revision_and_bad_workbook_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown HS revision 'HS19'"):
        convert_flows([("848180", 1.0)], "HS19", "HS22")
    bad = tmp_path / "tables.xlsx"
    bad.write_bytes(b"")
    with pytest.raises(InputError, match="pair of HS editions"):
        read_unsd_workbook(bad)
    wrong = tmp_path / "HS2017toHS2022ConversionAndCorrelationTables.xlsx"
    wrong.write_bytes(b"")
    with pytest.raises(InputError, match="newer edition to the older"):
        read_unsd_workbook(wrong)


def test_default_weights_are_the_windows_own_target_revision_trade() -> None:
    """HS17 854140 in 2021 split by the HS22 rows of 2022-2023 in the same table."""
    window = pa.table({"year": [2021, 2022, 2022, 2023], "hs_revision": ["HS17", "HS22", "HS22", "HS22"],
                       "hs6": ["854140", "854141", "854143", "854143"],
                       "value_usd": [800.0, 10.0, 20.0, 10.0]})
    out, summary = convert_table(window, "HS22")
    got = [(y, c, v) for y, c, v in zip(out["year"].to_pylist(), out["hs6"].to_pylist(),
                                        out["value_usd"].to_pylist(), strict=True) if y == 2021]
    assert got == [(2021, "854141", 200.0), (2021, "854143", 600.0)]  # 10 : 30
    assert summary.weighting == ("trade-weighted",) and summary.value_usd == 840.0
    assert sum(out["value_usd"].to_pylist()) == 840.0
    with pytest.raises(InputError, match="without 'hs6'"):
        convert_table(pa.table({"hs6": [None], "hs_revision": ["HS17"], "value_usd": [1.0]}), "HS22")
