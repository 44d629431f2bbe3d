"""Whatever bytes a country-level importer is given, it answers with a ChuhaiError or a batch --
never a raw ValueError / KeyError / UnicodeDecodeError."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chuhai.data.sources import agreements, geodist, gravity, tariffs, wdi, wgi
from chuhai.data.staging import staging_dir
from chuhai.errors import ChuhaiError

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
