"""Local content under each procurement regime's own method, with thresholds.

One function per method (research: tenders-and-localisation.md §3.3), all taking a
per-unit :class:`CostBuildUp` in USD and returning a fraction in [0, 1]. Goods that
are not manufactured in the host country (direct export, distributor) are traded
imports: every method gives them 0 (India excludes rebranded imports; the others
require local production). Thresholds, instruments, clauses and confidence marks
(H/M/L) come from the research §1.1; figures marked uncertain make
:func:`regime_warnings` say so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "LAND_BORDER_COUNTRIES",
    "REGIMES",
    "CostBuildUp",
    "Regime",
    "band",
    "id_tkdn",
    "in_mii",
    "kz_ct_kz",
    "qualifies",
    "regime_warnings",
    "threshold_for",
    "us_baa",
    "vn_domestic_cost",
    "wb_group_a",
]


@dataclass(frozen=True, slots=True)
class CostBuildUp:
    """Per-unit cost build-up of the product as offered in the host market (USD)."""

    price_usd: float  # bid / ex-works price V, net of domestic indirect taxes
    imported_cif_usd: float  # customs value of everything imported for the unit
    duty_usd: float  # import duty on it
    royalty_abroad_usd: float  # royalty / technical fee paid abroad per unit
    foreign_components_usd: float  # foreign components at their cost to the local producer
    local_components_usd: float  # components bought in the host country
    local_labour_usd: float
    local_overhead_usd: float
    manufactured_locally: bool

    @property
    def domestic_cost_usd(self) -> float:
        return self.local_components_usd + self.local_labour_usd + self.local_overhead_usd


def _clip(x: float) -> float:
    return min(1.0, max(0.0, x))


def in_mii(b: CostBuildUp) -> float:
    """India PPP-MII 2017 (rev. 2020): ``(V − imported incl. duty − royalties abroad) / V``."""
    if not b.manufactured_locally or b.price_usd <= 0:
        return 0.0
    imported = b.imported_cif_usd + b.duty_usd + b.royalty_abroad_usd
    return _clip((b.price_usd - imported) / b.price_usd)


def wb_group_a(b: CostBuildUp) -> float:
    """World Bank Group A: domestic labour + materials + components as a share of the price."""
    if not b.manufactured_locally or b.price_usd <= 0:
        return 0.0
    return _clip(b.domestic_cost_usd / b.price_usd)


def kz_ct_kz(b: CostBuildUp) -> float:
    """Kazakhstan CT-KZ: ``1 − C_foreign materials / C_EXW`` (foreign materials incl. duty)."""
    if not b.manufactured_locally or b.price_usd <= 0:
        return 0.0
    return _clip(1.0 - (b.imported_cif_usd + b.duty_usd) / b.price_usd)


def id_tkdn(b: CostBuildUp) -> float:
    """Indonesia TKDN goods (pre-2025 method): ``(price − foreign components) / price``.

    Foreign components at customs value (CIF), duty excluded (assumption, L)."""
    if not b.manufactured_locally or b.price_usd <= 0:
        return 0.0
    return _clip((b.price_usd - b.imported_cif_usd) / b.price_usd)


def vn_domestic_cost(b: CostBuildUp) -> float:
    """Vietnam Decree 24/2024: domestic production cost / total production cost."""
    if not b.manufactured_locally:
        return 0.0
    total = b.imported_cif_usd + b.duty_usd + b.domestic_cost_usd
    return _clip(b.domestic_cost_usd / total) if total > 0 else 0.0


def us_baa(b: CostBuildUp) -> float:
    """US Buy American component test: domestic component cost / total component cost."""
    if not b.manufactured_locally:
        return 0.0
    total = b.local_components_usd + b.foreign_components_usd
    return _clip(b.local_components_usd / total) if total > 0 else 0.0


@dataclass(frozen=True, slots=True)
class Regime:
    """A procurement regime's local-content rule, with provenance."""

    id: str
    name: str
    instrument: str
    clause: str
    threshold: float
    strict: bool  # True: LC must exceed the threshold; False: reach it
    confidence: str  # H, M or L
    sources: str
    note: str
    method: Callable[[CostBuildUp], float]
    uncertain: str = ""  # why a figure is uncertain; non-empty -> warning

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "instrument": self.instrument,
                "clause": self.clause, "threshold": self.threshold, "strict": self.strict,
                "confidence": self.confidence, "sources": self.sources, "note": self.note,
                "uncertain": self.uncertain}


REGIMES: dict[str, Regime] = {r.id: r for r in (
    Regime("in_mii", "India Make in India (Class-I local supplier)",
           "Public Procurement (Preference to Make in India) Order 2017, rev. 16 Sep 2020",
           "para 2 (Class-I ≥ 50 %, Class-II > 20 %); para 3A (20 % purchase preference)",
           0.50, False, "H", "[S19][S20][S21][S25]",
           "Royalties paid abroad and rebranded imports do not count. Class-II (> 20 %) gets no "
           "purchase preference. GFR r.144(xi) requires land-border bidders to register.",
           in_mii),
    Regime("wb_group_a", "World Bank domestic preference (Group A goods)",
           "World Bank IPF Procurement Regulations, Annex VI; SPD Goods Sec. III",
           "Group A: domestic labour, materials and components > 30 % of price", 0.30, True, "M",
           "[S1][S2][S3][S4]",
           "Needs a plant making the goods since bid submission; 15 % margin on Group C bids.",
           wb_group_a, uncertain="the price base (EXW vs DDP) and paragraph numbers are L"),
    Regime("kz_ct_kz", "Kazakhstan CT-KZ origin / domestic value share",
           "Order 454-НҚ (2021) as amended 169-НҚ (Apr 2024); Law 106-VIII on Public Procurement",
           "CT-KZ formula LC = 100 % − C_foreign/C_EXW", 0.30, False, "L",
           "[S59][S61][S64]",
           "No published numeric threshold was found; 0.30 is a planning assumption. Origin (not "
           "customs status) gives EAEU national treatment (Treaty art. 88, Decision 105).",
           kz_ct_kz, uncertain="threshold 0.30 is a project assumption, not a published figure"),
    Regime("id_tkdn", "Indonesia TKDN price preference",
           "Perpres 16/2018 (am. 12/2021, 46/2025); MoI Reg 35/2025",
           "TKDN ≥ 25 % for the goods preference (max 25 %, scaled by TKDN)", 0.25, False, "M",
           "[S27][S29][S33][S34]",
           "TKDN + BMP ≥ 40 % triggers mandatory use of domestic products. Foreign firms must "
           "partner locally (Perpres 16/2018 art. 63).",
           id_tkdn, uncertain="MoI Reg 35/2025 revises the TKDN method; pre-2025 method used"),
    Regime("vn_domestic_cost", "Vietnam preference for domestic goods",
           "Law on Bidding 22/2023/QH15 art. 10; Decree 24/2024/ND-CP arts 4–6",
           "domestic cost ≥ 25 % to be preferred; ≥ 50 % band: non-preferred goods add 10 %",
           0.25, False, "H", "[S70][S71][S73]",
           "Preferred goods with < 50 % domestic cost still carry a 2.5 % add-on.",
           vn_domestic_cost),
    Regime("us_baa", "US Buy American (domestic end product)",
           "FAR 25.101/25.105; 52.225-1; 87 FR 12780 (7 Mar 2022)",
           "domestic component cost > 65 % (2024–2028), > 75 % from 2029", 0.65, True, "H",
           "[S74][S75]", "Must also be manufactured in the US. China is not a designated "
           "country under the TAA (L).", us_baa),
)}

#: India's land neighbours covered by GFR r.144(xi) (DoE OM 23 Jul 2020) [S26].
LAND_BORDER_COUNTRIES = frozenset({"CHN", "PAK", "BGD", "NPL", "BTN", "MMR", "AFG"})


def threshold_for(regime_id: str, year: int, override: float | None = None) -> float:
    """The threshold in force in ``year`` (US BAA steps: 60 % 2022–23, 65 % to 2028, 75 %)."""
    if override is not None:
        return override
    if regime_id == "us_baa":
        if year <= 2023:
            return 0.60
        return 0.65 if year <= 2028 else 0.75
    return REGIMES[regime_id].threshold


def qualifies(regime_id: str, lc: float, threshold: float) -> bool:
    """Whether local content ``lc`` meets ``threshold`` under the regime's comparison."""
    eps = 1e-12
    if REGIMES[regime_id].strict:
        return lc > threshold + eps
    return lc >= threshold - eps


def band(regime_id: str, lc: float, threshold: float) -> str:
    """The preference band a local-content figure falls in, in words."""
    ok = qualifies(regime_id, lc, threshold)
    if regime_id == "in_mii":
        if ok:
            return "Class-I local supplier (20 % purchase preference, may match L1)"
        return ("Class-II local supplier (may bid, no purchase preference)" if lc > 0.20
                else "non-local supplier")
    if regime_id == "vn_domestic_cost":
        if lc >= 0.50:
            return "≥ 50 % domestic cost: non-preferred goods get +10 %"
        return "preferred, < 50 % domestic cost (+2.5 % add-on)" if ok else "not preferred"
    if regime_id == "us_baa":
        if ok:
            return "domestic end product"
        return ("> 55 %: may count as domestic until 1 Jan 2030 (fallback)" if lc > 0.55
                else "foreign end product")
    return "qualifies for the preference" if ok else "does not qualify"


def regime_warnings(regime_ids: tuple[str, ...], overridden: set[str]) -> list[str]:
    """Warnings for regimes whose figures the research marks uncertain."""
    out = []
    for rid in regime_ids:
        r = REGIMES[rid]
        if r.uncertain and rid not in overridden:
            out.append(f"{rid}: uncertain figure ({r.confidence}) — {r.uncertain}; "
                       f"results that depend on it are indicative")
    return out
