"""Economic complexity over a country × product export matrix (pure functions).

Definitions follow py-ecomplexity 0.5.3 (``cid-harvard/py-ecomplexity``, read from
``ecomplexity.py``, ``ComplexityData.py``, ``calc_proximity.py``, ``calc_density.py``
and ``coicog.py``) so that results equal the package's on the same input; see
``docs/complexity.md``. What differs is how they are computed:

* M is a SciPy sparse matrix (HS6 presence matrices are ~5-10 % dense);
* ECI/PCI come from the small C × C eigenproblem M̃ = D⁻¹ M U⁻¹ Mᵀ, solved in its
  symmetric form S = D^-½ M U⁻¹ Mᵀ D^-½ (same eigenvalues; kc = D^-½ v) with a dense
  ``eigh`` of a C × C matrix, instead of py-ecomplexity's dense ``eig`` of P × P;
* density and COG multiply M (sparse, or dense above 5 % fill) by dense P × P matrices,
  and use (1 − M) @ B = 1ᵀB − M @ B.

Conventions copied from the package: locations and products with zero total value
are dropped before anything else (their outputs are NaN); kp is the eigenvector of
the second-largest eigenvalue, kc = D⁻¹ M kp; the sign makes corr(kc, diversity) > 0;
ECI = (kc − mean kc) / sd kc, PCI = (kp − mean kc) / sd kc (population sd), COI is
z-scored, COG is divided by sd kc. The proximity diagonal is 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.linalg as sla
import scipy.sparse as sp

__all__ = [
    "Complexity",
    "complexity",
    "export_matrix",
]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True, eq=False)
class Complexity:
    """Complexity indicators for C locations × P products (all arrays full size).

    Rows/columns dropped for zero total value (``valid_locations`` /
    ``valid_products`` False) hold NaN, as in py-ecomplexity's output. Values are
    unitless; ``values`` keeps the input's unit (e.g. USD per year).
    """

    locations: tuple[str, ...]
    products: tuple[str, ...]
    values: sp.csr_matrix  # C × P input values
    rca: FloatArray  # C × P Balassa RCA
    mcp: sp.csr_matrix  # C × P, 1 where RCA ≥ threshold (0 on dropped rows/cols)
    diversity: FloatArray  # C, number of products with M = 1
    ubiquity: FloatArray  # P, number of locations with M = 1
    eci: FloatArray  # C
    pci: FloatArray  # P
    proximity: FloatArray  # P × P, φ
    density: FloatArray  # C × P, ω
    coi: FloatArray  # C
    cog: FloatArray  # C × P
    valid_locations: npt.NDArray[np.bool_]
    valid_products: npt.NDArray[np.bool_]
    rca_threshold: float = 1.0
    asymmetric: bool = False

    def location_index(self, code: str) -> int:
        """Row of ``code``; ``KeyError`` if absent."""
        return self.locations.index(code)


def export_matrix(
    locations: npt.ArrayLike, products: npt.ArrayLike, values: npt.ArrayLike
) -> tuple[tuple[str, ...], tuple[str, ...], sp.csr_matrix]:
    """Long (location, product, value) arrays → sorted labels and a C × P CSR matrix.

    Duplicate (location, product) pairs are summed.
    """
    loc = np.asarray(locations).astype(str)
    prod = np.asarray(products).astype(str)
    val = np.asarray(values, dtype=np.float64)
    loc_labels, loc_idx = np.unique(loc, return_inverse=True)
    prod_labels, prod_idx = np.unique(prod, return_inverse=True)
    mat = sp.coo_matrix(
        (val, (loc_idx.ravel(), prod_idx.ravel())), shape=(len(loc_labels), len(prod_labels))
    ).tocsr()
    mat.sum_duplicates()
    return tuple(loc_labels.tolist()), tuple(prod_labels.tolist()), mat


def complexity(
    values: sp.spmatrix | npt.ArrayLike,
    *,
    locations: tuple[str, ...] | None = None,
    products: tuple[str, ...] | None = None,
    rca_threshold: float = 1.0,
    asymmetric: bool = False,
) -> Complexity:
    """All indicators for a C × P matrix of non-negative values (exports per year).

    ``asymmetric=True`` gives φ_pp' = P(M_p' = 1 | M_p = 1) (py-ecomplexity's option);
    the default is the symmetric minimum of both conditional probabilities.
    """
    x = sp.csr_matrix(values, dtype=np.float64)
    x.eliminate_zeros()
    n_loc, n_prod = x.shape
    locations = locations or tuple(str(i) for i in range(n_loc))
    products = products or tuple(str(i) for i in range(n_prod))
    if len(locations) != n_loc or len(products) != n_prod:
        raise ValueError("labels do not match the matrix shape")
    valid_loc = np.asarray(x.sum(axis=1)).ravel() != 0
    valid_prod = np.asarray(x.sum(axis=0)).ravel() != 0
    xv = x[valid_loc][:, valid_prod]
    rca_v = _rca(xv)
    m = sp.csr_matrix((rca_v >= rca_threshold).astype(np.float64))
    m.eliminate_zeros()
    div = np.asarray(m.sum(axis=1)).ravel()
    ubi = np.asarray(m.sum(axis=0)).ravel()
    kc, kp = _eigenvectors(m, div, ubi)
    phi = _proximity(m, ubi, asymmetric=asymmetric)
    dens = _density(m, phi, asymmetric=asymmetric)
    coi, cog = _coi_cog(m, phi, dens, kp)
    mean, sd = _moments(kc)
    coi_mean, coi_sd = _moments(coi)
    with np.errstate(divide="ignore", invalid="ignore"):
        pci = (kp - mean) / sd
        cog = cog / sd
        eci = (kc - mean) / sd
        coi = (coi - coi_mean) / coi_sd
    return Complexity(
        locations=tuple(locations), products=tuple(products), values=x,
        rca=_expand2(rca_v, valid_loc, valid_prod), mcp=_expand_sparse(m, valid_loc, valid_prod),
        diversity=_expand1(div, valid_loc), ubiquity=_expand1(ubi, valid_prod),
        eci=_expand1(eci, valid_loc), pci=_expand1(pci, valid_prod),
        proximity=_expand2(phi, valid_prod, valid_prod), density=_expand2(dens, valid_loc, valid_prod),
        coi=_expand1(coi, valid_loc), cog=_expand2(cog, valid_loc, valid_prod),
        valid_locations=valid_loc, valid_products=valid_prod,
        rca_threshold=float(rca_threshold), asymmetric=asymmetric,
    )


DENSE_ABOVE = 0.05  # share of M = 1 above which dense BLAS beats sparse × dense


def _operand(m: sp.csr_matrix) -> sp.csr_matrix | FloatArray:
    """M for a product with a dense P × P matrix: sparse when M is sparse enough, else
    a dense array (BLAS is ~3× faster than SciPy's sparse × dense at 20 % fill)."""
    size = m.shape[0] * m.shape[1]
    return m.toarray() if size and m.nnz / size > DENSE_ABOVE else m


def _moments(v: FloatArray) -> tuple[float, float]:
    """Mean and population sd (NaN for an empty vector, e.g. an all-zero matrix)."""
    if v.size == 0:
        return float("nan"), float("nan")
    return float(v.mean()), float(v.std())


def _rca(x: sp.csr_matrix) -> FloatArray:
    """Balassa RCA, dense C × P (operation order as py-ecomplexity's calculate_rca)."""
    dense = x.toarray()
    with np.errstate(divide="ignore", invalid="ignore"):
        num = dense / dense.sum(axis=1)[:, np.newaxis]
        loc_total = dense.sum(axis=0)[np.newaxis, :]
        den = loc_total / loc_total.sum(axis=1)[:, np.newaxis]
        rca: FloatArray = num / den
    return rca


def _eigenvectors(m: sp.csr_matrix, div: FloatArray, ubi: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Signed (kc, kp) with kc = D⁻¹ M kp, from the C × C eigenproblem.

    kc is an eigenvector of M̃ = D⁻¹ M U⁻¹ Mᵀ for its second-largest eigenvalue,
    found as D^-½ v with v the eigenvector of the symmetric S = D^-½ M U⁻¹ Mᵀ D^-½;
    kp = U⁻¹ Mᵀ kc is then the matching eigenvector of the P × P matrix. NaN when
    fewer than two locations or products, or when diversity or ubiquity is zero.
    """
    n_loc, n_prod = m.shape
    nan_c, nan_p = np.full(n_loc, np.nan), np.full(n_prod, np.nan)
    if n_loc < 2 or n_prod < 2 or np.any(div == 0) or np.any(ubi == 0):
        return nan_c, nan_p
    d_half = sp.diags(1.0 / np.sqrt(div))
    a = d_half @ m @ sp.diags(1.0 / np.sqrt(ubi))
    s = (a @ a.T).toarray()
    _, vecs = sla.eigh((s + s.T) / 2.0, subset_by_index=[n_loc - 2, n_loc - 1])
    kc0 = vecs[:, 0] / np.sqrt(div)
    kp = (m.T @ kc0) / ubi
    kc = (m @ kp) / div
    with np.errstate(divide="ignore", invalid="ignore"):
        sign = np.sign(np.corrcoef(div, kc)[0, 1])
    return sign * kc, sign * kp


def _proximity(m: sp.csr_matrix, ubi: FloatArray, *, asymmetric: bool) -> FloatArray:
    """φ: co-occurrence / max ubiquity (symmetric) or / ubiquity of the row product."""
    dense = m.toarray().astype(np.float32)  # 0/1: counts up to 2**24 are exact in float32
    co = (dense.T @ dense).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        if asymmetric:
            phi: FloatArray = co / ubi[:, np.newaxis]
        else:
            phi = co / np.maximum(ubi[:, np.newaxis], ubi[np.newaxis, :])
    return phi


def _density(m: sp.csr_matrix, phi: FloatArray, *, asymmetric: bool) -> FloatArray:
    """ω_cp = Σ_p' M_cp' φ_pp' / Σ_p' φ_pp'."""
    den = np.nansum(phi, axis=1)
    # φ is symmetric unless asymmetric=True; skip copying the transpose when it is.
    phi_t = np.ascontiguousarray(phi.T) if asymmetric else phi
    with np.errstate(divide="ignore", invalid="ignore"):
        dens: FloatArray = np.asarray(_operand(m) @ phi_t) / den[np.newaxis, :]
    return dens


def _coi_cog(
    m: sp.csr_matrix, phi: FloatArray, dens: FloatArray, kp: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Raw COI_c = Σ_p ω_cp (1 − M_cp) kp_p and COG (before scaling by sd kc)."""
    not_m = 1.0 - m.toarray()
    coi: FloatArray = ((dens * not_m) * kp).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        b = phi * (kp / phi.sum(axis=1))[:, np.newaxis]
    inner = b.sum(axis=0)[np.newaxis, :] - np.asarray(_operand(m) @ b)
    cog: FloatArray = not_m * inner
    return coi, cog


def _expand1(v: FloatArray, valid: npt.NDArray[np.bool_]) -> FloatArray:
    out = np.full(valid.shape[0], np.nan)
    out[valid] = v
    return out


def _expand2(
    v: FloatArray, rows: npt.NDArray[np.bool_], cols: npt.NDArray[np.bool_]
) -> FloatArray:
    if rows.all() and cols.all():
        return v
    out = np.full((rows.shape[0], cols.shape[0]), np.nan)
    out[np.ix_(rows, cols)] = v
    return out


def _expand_sparse(
    m: sp.csr_matrix, rows: npt.NDArray[np.bool_], cols: npt.NDArray[np.bool_]
) -> sp.csr_matrix:
    coo = m.tocoo()
    r, c = np.flatnonzero(rows)[coo.row], np.flatnonzero(cols)[coo.col]
    return sp.csr_matrix((coo.data, (r, c)), shape=(rows.shape[0], cols.shape[0]))
