"""Whatever bytes a country-level importer is given, it answers with a ChuhaiError or a batch --
never a raw ValueError / KeyError / UnicodeDecodeError."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chuhai.data.importer import import_paths
from chuhai.data.sources import agreements, geodist, gravity, source_module, tariffs, wdi, wgi
from chuhai.data.staging import staging_dir
from chuhai.data.warehouse import Warehouse
from chuhai.errors import ChuhaiError
from fuzz_inputs import Seed, mutate, seeds

HEADERS = [
    b"Country Name,Country Code,Year,Value\n",
    b"country,date,gdp_growth\n",
    b'[{"page":1},[{"indicator":{"id":"SP.POP.TOTL"},"countryiso3code":"KEN","date":"2020","value":',
    b"codeindyr,code,countryname,year,indicator,estimate\n",
    b"iso_o;iso_d;contig;comlang_off;comlang_ethno;colony;comcol;curcol;col45;smctry;dist;distcap;distw;distwces\n",
    b"year,iso3_o,iso3_d,dist,distw_harmonic,distcap,contig,comlang_off,gdp_o,gdp_d,pop_o,pop_d\n",
    b"Reporter,Partner,Product,Year,DutyType,Simple Average\n",
    b"number,base_treaty,name,entry_type,consolidated,year,entryforceyear,c1,c2\n",
    b'{"header":{"id":"DF_WITS_Tariff_TRAINS"},"dataSets":[',
]
MODULES = [wdi, wgi, geodist, gravity, tariffs, agreements]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.NAME)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(head=st.sampled_from(HEADERS),
       body=st.lists(st.sampled_from([b"KEN", b"2020", b"1.5", b"..", b"", b",", b";", b"\n", b'"',
                                      b"\xff", b"-3", b"WLD", b"cc", b"MFN", b"999999", b"]}"]),
                     max_size=40))
def test_only_chuhai_errors(module: object, tmp_path: Path, head: bytes, body: list[bytes]) -> None:
    path = tmp_path / "input.csv"
    path.write_bytes(head + b"".join(body))
    with staging_dir() as st_dir:
        try:
            module.stage(path, st_dir, sha256="0" * 64, hs_revision=None, release=None)  # type: ignore[attr-defined]
        except ChuhaiError:
            pass


# -- issue 15 §2: mutated real samples, every source ---------------------------------------
# Profiles: ``ci`` (the default, derandomized: the same cases every run, ~10,000 across the
# sources within about a minute) and ``fuzz`` (10x, random; ``make fuzz``), chosen by
# $CHUHAI_FUZZ_PROFILE. CHUHAI_FUZZ_TALLY=<file> records every outcome instead of failing
# on an untyped crash (how the before/after figures of issue 15 were measured).

settings.register_profile("ci", deadline=None, derandomize=True, database=None,
                          suppress_health_check=list(HealthCheck))
settings.register_profile("fuzz", deadline=None, suppress_health_check=list(HealthCheck))
PROFILE = os.environ.get("CHUHAI_FUZZ_PROFILE", "ci")
SCALE = {"ci": 1, "fuzz": 10}[PROFILE]
TALLY = os.environ.get("CHUHAI_FUZZ_TALLY")
_COUNTS: Counter[str] = Counter()

#: cases per seed in the ci profile (the slow readers, workbooks and zips, get fewer)
CASES = {
    "baci:BACI_HS92_Y2021_V202301.csv": 1700, "baci:BACI_HS92_V202301.zip": 500,
    "baci:product_codes_HS22_V202501.csv": 500, "comtrade:AG6 Argentina 2022.csv": 700,
    "comtrade:HS-60a6ad.json": 800, "wdi:SP.POP.TOTL.csv": 500, "wdi:PA.NUS.FCRF.csv": 300,
    "wgi:wgidataset.csv": 600, "geodist:dist_cepii.csv": 500, "geodist:geo_cepii.csv": 500,
    "geodist:geo_cepii.xlsx": 350, "gravity:Gravity_V202211_sample.csv": 500,
    "tariffs:sample_tariff_data.json": 900, "tariffs:tariffs.csv": 600,
    "agreements:desta_list_of_treaties_02_02.csv": 400,
    "agreements:desta_list_of_treaties_02_02_dyads.csv": 400, "agreements:AllRTAs.xlsx": 250,
}
OPS = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 1 << 20), st.integers(0, 1 << 10)),
               min_size=1, max_size=3)


@pytest.fixture(scope="module")
def fuzz_seeds() -> Iterator[dict[str, Seed]]:
    from conftest import SHARED

    if not SHARED.is_dir():
        pytest.skip(f"real data samples not found at {SHARED}")
    yield seeds(SHARED)
    if TALLY:
        Path(TALLY).write_text(json.dumps(dict(_COUNTS), indent=1, sort_keys=True))


def _record(exc: BaseException | None) -> None:
    _COUNTS["cases"] += 1
    if exc is None:
        _COUNTS["accepted"] += 1
    elif isinstance(exc, ChuhaiError):
        _COUNTS["rejected"] += 1
        _COUNTS["rejected_with_line"] += getattr(exc, "line", None) is not None
        _COUNTS["rejected_with_field"] += getattr(exc, "field", None) is not None
        if TALLY and (getattr(exc, "line", None) is None or getattr(exc, "field", None) is None):
            raw = str(exc).split(": ", 1)[-1] if getattr(exc, "file", None) else str(exc)
            _COUNTS[f"unnamed {type(exc).__name__} l={exc.line} f={exc.field}: {raw[:50]}"] += 1  # type: ignore[attr-defined]
        _COUNTS["rejected_with_line_or_path"] += (
            getattr(exc, "line", None) is not None or "[" in str(getattr(exc, "field", "")))
    else:
        _COUNTS["untyped"] += 1
        _COUNTS[f"untyped {type(exc).__name__}"] += 1
        _COUNTS[f"signature {type(exc).__name__} at {_where(exc)}"] += 1


def _where(exc: BaseException) -> str:
    """The innermost chuhai frame of a traceback (a crash signature)."""
    import traceback

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/chuhai/" in f.filename]
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"


def _stage(seed: Seed, data: bytes, tmp: Path) -> None:
    path = tmp / seed.name
    path.write_bytes(data)
    st_dir = tmp / "staging"  # one directory emptied per case: cheaper than a new one
    shutil.rmtree(st_dir, ignore_errors=True)
    st_dir.mkdir()
    try:
        source_module(seed.source).stage(path, st_dir, sha256="0" * 64,
                                         hs_revision=seed.hs_revision, release=None)
    except BaseException as exc:
        _record(exc)
        if isinstance(exc, ChuhaiError) or TALLY:
            return
        raise
    _record(None)


@pytest.mark.shared
@pytest.mark.parametrize("seed_id", sorted(CASES))
def test_mutated_samples_answer_a_batch_or_a_chuhai_error(
        seed_id: str, fuzz_seeds: dict[str, Seed], tmp_path_factory: pytest.TempPathFactory) -> None:
    seed = fuzz_seeds[seed_id]
    tmp = tmp_path_factory.mktemp("fuzz")

    @settings(settings.get_profile(PROFILE), max_examples=CASES[seed_id] * SCALE)
    @given(ops=OPS)
    def run(ops: list[tuple[int, int, int]]) -> None:
        _stage(seed, mutate(seed, ops), tmp)

    run()


def _digest(home: Path) -> dict[str, str]:
    return {str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(home.rglob("*")) if p.is_file()}


@pytest.mark.shared
@pytest.mark.parametrize("seed_id", ["baci:BACI_HS92_Y2021_V202301.csv", "baci:BACI_HS92_V202301.zip",
                                     "comtrade:HS-60a6ad.json", "tariffs:sample_tariff_data.json",
                                     "geodist:geo_cepii.xlsx", "wgi:wgidataset.csv"])
def test_a_rejected_import_leaves_the_warehouse_byte_identical(
        seed_id: str, fuzz_seeds: dict[str, Seed], tmp_path_factory: pytest.TempPathFactory) -> None:
    seed = fuzz_seeds[seed_id]
    tmp = tmp_path_factory.mktemp("fuzz-wh")
    wh = Warehouse(tmp / "wh", notify=lambda _m: None)
    good = tmp / "BACI_HS22_Y2023_V202501.csv"
    good.write_text("t,i,j,k,v,q\n2023,156,398,902820,1.5,NA\n")
    import_paths(wh, [good])

    @settings(settings.get_profile(PROFILE), max_examples=25 * SCALE)
    @given(ops=OPS)
    def run(ops: list[tuple[int, int, int]]) -> None:
        path = tmp / "in" / seed.name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(mutate(seed, ops))
        before = _digest(wh.home)
        try:
            import_paths(wh, [path], source=seed.source, hs_revision=seed.hs_revision)
        except ChuhaiError:
            assert _digest(wh.home) == before
        # accepted: the warehouse changed, as it should

    run()
