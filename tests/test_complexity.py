"""chuhai.markets.complexity against the py-ecomplexity package on the same input.

Tolerance: 1e-9 absolute (the issue's bar). Both sides use float64; the remaining
differences come from summation order and from solving the C × C instead of the
P × P eigenproblem, and are ~1e-13 on these inputs.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from ecomplexity import ecomplexity, proximity
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chuhai.markets.complexity import complexity, export_matrix

TOL = 1e-9  # absolute, see module docstring
COLS = {"time": "year", "loc": "loc", "prod": "prod", "val": "val"}


def synthetic(seed: int, n_loc: int = 30, n_prod: int = 120) -> np.ndarray:
    """A nested export matrix (capable countries export complex products), seeded."""
    rng = np.random.default_rng(seed)
    cap, comp = rng.uniform(size=n_loc), rng.uniform(size=n_prod)
    prob = 1 / (1 + np.exp(-4 * (cap[:, None] - comp[None, :])))
    size = rng.lognormal(0, 1, n_loc)[:, None] * rng.lognormal(0, 1, n_prod)[None, :]
    present = rng.uniform(size=(n_loc, n_prod)) < prob
    return np.where(present, size * rng.lognormal(0, 1, (n_loc, n_prod)), 0.0)


def labels(n: int, prefix: str) -> tuple[str, ...]:
    return tuple(f"{prefix}{i:04d}" for i in range(n))


def package(x: np.ndarray | sp.spmatrix, locs: tuple[str, ...], prods: tuple[str, ...], **kw: object) -> pd.DataFrame:
    """py-ecomplexity's output for matrix ``x`` (long form, zeros included)."""
    coo = sp.coo_matrix(x)
    df = pd.DataFrame({"year": 2020, "loc": np.array(locs)[coo.row], "prod": np.array(prods)[coo.col],
                       "val": coo.data})
    with warnings.catch_warnings():  # the package warns (and prints) about edge cases we test
        warnings.simplefilter("ignore")
        return ecomplexity(df, COLS, check_logsupermodularity=False, verbose=False, **kw)


def assert_matches(x: np.ndarray | sp.spmatrix, locs: tuple[str, ...], prods: tuple[str, ...],
                   **kw: object) -> None:
    ref = package(x, locs, prods, **kw)
    cx = complexity(x, locations=locs, products=prods, **kw)
    li = {loc: i for i, loc in enumerate(locs)}
    pi = {p: i for i, p in enumerate(prods)}
    r, c = ref["loc"].map(li).to_numpy(), ref["prod"].map(pi).to_numpy()
    mine = {
        "rca": cx.rca[r, c], "mcp": cx.mcp.toarray()[r, c], "density": cx.density[r, c],
        "cog": cx.cog[r, c], "eci": cx.eci[r], "pci": cx.pci[c], "coi": cx.coi[r],
        "diversity": cx.diversity[r], "ubiquity": cx.ubiquity[c],
    }
    for name, got in mine.items():
        want = ref[name].to_numpy(dtype=float)
        np.testing.assert_array_equal(np.isnan(got), np.isnan(want), err_msg=name)
        np.testing.assert_allclose(got, want, rtol=0, atol=TOL, equal_nan=True, err_msg=name)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_synthetic_matches_package(seed: int) -> None:
    x = synthetic(seed)
    assert_matches(x, labels(x.shape[0], "C"), labels(x.shape[1], "P"))


def test_rca_threshold_and_asymmetric_proximity_match_package() -> None:
    x = synthetic(5)
    # Threshold 0.9 keeps every diversity and ubiquity positive on this input.
    ref = package(x, labels(30, "C"), labels(120, "P"), rca_mcp_threshold=0.9, asymmetric=True)
    cx = complexity(x, locations=labels(30, "C"), products=labels(120, "P"), rca_threshold=0.9,
                    asymmetric=True)
    ref = ref.sort_values(["loc", "prod"])
    for name, got in (("density", cx.density.ravel()), ("cog", cx.cog.ravel()),
                      ("pci", np.repeat(cx.pci[None, :], 30, 0).ravel())):
        np.testing.assert_allclose(got, ref[name].to_numpy(), rtol=0, atol=TOL, err_msg=name)


def test_zero_rows_and_columns_are_dropped_like_the_package() -> None:
    x = synthetic(3)
    x[4, :] = 0.0  # a country with no exports
    x[:, [0, 17]] = 0.0  # products nobody exports
    locs, prods = labels(30, "C"), labels(120, "P")
    assert_matches(x, locs, prods)
    cx = complexity(x, locations=locs, products=prods)
    assert np.isnan(cx.eci[4]) and np.isnan(cx.pci[17]) and np.isnan(cx.rca[4]).all()
    assert not cx.valid_locations[4] and cx.valid_locations.sum() == 29


def test_single_country_rca_is_one_and_complexity_undefined() -> None:
    x = np.array([[5.0, 1.0, 0.0, 2.0]])
    cx = complexity(x, locations=("ZAF",), products=("a", "b", "c", "d"))
    ref = package(x, ("ZAF",), ("a", "b", "c", "d")).set_index("prod")
    np.testing.assert_allclose(cx.rca[0, [0, 1, 3]], 1.0, atol=TOL)
    np.testing.assert_allclose(cx.density[0, [0, 1, 3]], ref.loc[["a", "b", "d"], "density"], atol=TOL)
    assert np.isnan(cx.eci).all() and np.isnan(cx.pci).all() and np.isnan(cx.cog[0, [0, 1, 3]]).all()
    assert ref["eci"].isna().all() and ref["pci"].isna().all()


def test_proximity_matches_package_edgelist() -> None:
    x = synthetic(4, 25, 60)
    locs, prods = labels(25, "C"), labels(60, "P")
    coo = sp.coo_matrix(x)
    df = pd.DataFrame({"year": 2020, "loc": np.array(locs)[coo.row], "prod": np.array(prods)[coo.col],
                       "val": coo.data})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        edges = proximity(df, COLS)
    want = edges.pivot(index="prod_1", columns="prod_2", values="proximity").to_numpy()
    got = complexity(x, locations=locs, products=prods).proximity
    np.testing.assert_allclose(got, want, rtol=0, atol=TOL)
    np.testing.assert_allclose(got, got.T, atol=0)
    np.testing.assert_allclose(np.diag(got), 1.0)


def test_eci_is_mean_pci_of_held_products() -> None:
    """Property from the normalisation: ECI_c = mean PCI over products with M_cp = 1."""
    cx = complexity(synthetic(7))
    m = cx.mcp.toarray()
    np.testing.assert_allclose(cx.eci, (m @ cx.pci) / m.sum(axis=1), atol=1e-9)


def test_export_matrix_sums_duplicates_and_sorts_labels() -> None:
    locs, prods, mat = export_matrix(["B", "A", "B"], ["2", "1", "2"], [1.0, 2.0, 3.0])
    assert locs == ("A", "B") and prods == ("1", "2")
    np.testing.assert_array_equal(mat.toarray(), [[2.0, 0.0], [0.0, 4.0]])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.integers(3, 12), st.integers(3, 20))
def test_invariants_on_random_matrices(seed: int, n_loc: int, n_prod: int) -> None:
    """Density in [0, 1]; COG is 0 where M = 1; scaling all values leaves everything unchanged."""
    x = synthetic(seed, n_loc, n_prod)
    a, b = complexity(x), complexity(x * 1000.0)
    ok = np.isfinite(a.density)
    assert ((a.density[ok] >= -1e-12) & (a.density[ok] <= 1 + 1e-12)).all()
    m = a.mcp.toarray().astype(bool)
    assert np.all(np.nan_to_num(a.cog[m]) == 0)
    np.testing.assert_allclose(a.rca, b.rca, rtol=1e-12, equal_nan=True)
    np.testing.assert_allclose(a.density, b.density, rtol=1e-9, atol=1e-12, equal_nan=True)


@pytest.mark.shared
def test_real_baci_sample_matches_package(shared_data: Path) -> None:
    """BACI HS92 2021 (ZAF + AFG exports): importers × HS6 chapters 84-85, real values.

    The sample holds two exporters only, so the importer side (211 markets) gives the
    real matrix: locations = importers, products = HS6 in chapters 84 and 85 (keeps
    the package's dense P × P eigenproblem fast enough for a unit test).
    """
    raw = pd.read_csv(shared_data / "baci-hs92-y2021-zaf-afg" / "ExampleTradeData.csv")
    hs6 = raw["k"].astype(str).str.zfill(6)
    keep = hs6.str[:2].isin(["84", "85"])
    locs, prods, x = export_matrix(raw.loc[keep, "j"].astype(str), hs6[keep], raw.loc[keep, "v"])
    assert x.shape[0] > 150 and x.shape[1] > 500
    assert_matches(x, locs, prods)


def test_all_zero_matrix_gives_nan_not_an_error() -> None:
    cx = complexity(np.zeros((3, 4)))
    assert not cx.valid_locations.any() and np.isnan(cx.eci).all() and np.isnan(cx.rca).all()
