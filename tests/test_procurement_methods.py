"""Normalised procurement methods (data/reference/procurement_methods.toml)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from chuhai.data.reference.procurement_methods import (
    GROUPS,
    load_methods,
    method_key,
    normalise_method,
    ocds_method,
    wb_method,
)
from chuhai.errors import InputError


def test_every_method_has_labels_and_a_group() -> None:
    methods = load_methods()
    for needed in ("icb", "ncb", "rfb", "rfq_shopping", "direct", "qcbs", "cqs", "other"):
        assert needed in methods
    for m in methods.values():
        assert m.en and m.zh and m.group in GROUPS
        assert m.label("zh_CN") == m.zh and m.label("en") == m.en


def test_key_folds_case_accents_blanks_and_the_others_defect() -> None:
    assert method_key("Consultant Qualification  Selection") == "consultant qualification selection"
    assert method_key("FiOthersed Budget Selection") == method_key("Fixed Budget Selection")
    assert method_key("Licitaţie publică") == "licitatie publica"
    assert method_key("Others") == "others"  # the word itself is left alone


@pytest.mark.parametrize(("raw", "expected"), [
    ("International Competitive Bidding", "icb"),
    ("National Competitive Bidding", "ncb"),
    ("Request for Bids", "rfb"),
    ("Shopping", "rfq_shopping"),
    ("Request for Quotations", "rfq_shopping"),
    ("Single Source Selection", "direct"),
    ("Quality And Cost-Based Selection", "qcbs"),
    ("FiOthersed Budget Selection", "fbs"),
    ("GO", "other"),
    ("something never seen", "other"),
    ("NA", None),
    ("  ", None),
    (None, None),
])
def test_world_bank_strings(raw: str | None, expected: str | None) -> None:
    assert wb_method(raw) == expected


def test_ocds_details_win_over_the_method_code() -> None:
    assert ocds_method("selective", "FA (Framework Agreement)") == "framework"
    assert ocds_method("direct", "NPNA (Negotiated Procedure with No Preliminary Announcement)") == "direct"
    assert ocds_method("open", "Licitación Pública Nacional") == "ncb"
    assert ocds_method("open", "an unlisted free text") == "open"
    assert ocds_method(None, "an unlisted free text") == "other"
    assert ocds_method("Licitaţie publică") == "ncb"
    assert ocds_method(None, None) is None


def test_every_world_bank_method_in_the_shared_files_is_listed(shared_data: Path) -> None:
    folder = shared_data / "wb-major-contract-awards"
    seen: set[str] = set()
    for path in sorted(folder.glob("*_Major_Contract_Awards.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            seen |= {row["Procurement Method"] for row in csv.DictReader(fh)}
    listed = {method_key(raw) for m in load_methods().values() for raw in m.wb}
    missing = sorted(raw for raw in seen if raw != "NA" and method_key(raw) not in listed)
    assert missing == []


def test_bad_table_names_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "m.toml"
    bad.write_text('[method.icb]\nen = "x"\nzh = "y"\ngroup = "nowhere"\n', encoding="utf-8")
    with pytest.raises(InputError, match="group") as info:
        normalise_method("x", "wb", path=bad)
    assert "method.icb.group" in str(info.value)
    bad.write_text('[method.icb]\nen = "x"\nzh = "y"\ngroup = "other"\nwb = ["A"]\n'
                   '[method.other]\nen = "x"\nzh = "y"\ngroup = "other"\nwb = ["a"]\n',
                   encoding="utf-8")
    with pytest.raises(InputError, match="already covered"):
        load_methods(bad)
