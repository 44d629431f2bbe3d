"""Rivals calibrated from award data: who wins a buyer country's contracts in a sector.

:func:`calibrate` reads the award evidence for the buyer × the product's sector (HS4): the
winner-origin mix (domestic, same-bloc, Chinese, other; each a Wilson-bounded share of
``n`` award rows), from the buyer itself when it holds at least ``MIN_AWARDS`` rows, else
from its World Bank region, else nothing (the archetypes stay, with their warning).

:func:`calibrated_rivals` turns the mix into the simulator's rivals: one rival per origin
that won at least once, drawn from the archetype of that origin (domestic → local
assembler, bloc → regional neighbour, Chinese → low-cost importer, other → global brand),
with its median price ratio fitted so that in a field of these rivals alone, under the
rules the awards were made by (World Bank awards: the ``wb-goods`` pack, lowest evaluated
price with its domestic preference; OCDS: the tender's own pack), each origin wins as often
as it did in the awards. The tender is then simulated under its own rules, so a gate of
the tender's pack may still shut a calibrated rival out. The fitted ratios, the mix reproduced and the sample behind them are
in the result, each parameter with its source and sample size.

Where the warehouse holds OCDS bids of the buyer (:mod:`chuhai.tenders.bidcal`), they set
three more parameters: the number of rivals (the median number of tenderers less the
bidders the file names, at least one per winning origin, spread over the origins by their
wins), the rivals' lognormal log-sd (of bid / estimate), and their price level (the
rivals' median prices, as a geometric mean, at the median bid / estimate × the tender's
``value`` per unit; a common factor, so the fitted origin mix is kept). Without a tender
``value`` the level is measured but not used, and says so. Without award evidence the
bid evidence still sets the spread and level of the file's own (archetype) rivals. The
World Bank awards hold no bidder counts: without OCDS bids the number of rivals is the
number of winning origins, and says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import numpy as np

from chuhai.data.queries.awards import AwardQuery, award_evidence, buyer_region
from chuhai.data.queries.shares import ORIGINS, Origin
from chuhai.data.warehouse import Warehouse
from chuhai.tenders import messages as M
from chuhai.tenders.bidcal import bid_evidence, bid_notes, level_factor, rival_count, spread
from chuhai.tenders.calibration_types import (
    BidEvidence,
    CalibratedParameter,
    CalibratedRival,
    Calibration,
)
from chuhai.tenders.history import summary_of
from chuhai.tenders.model import Offer, RivalSpec, Tender
from chuhai.tenders.results import SimulationResult
from chuhai.tenders.simulate import _archetypes, build_field, draw, run_field, simulate

__all__ = ["ORIGIN_ARCHETYPE", "CalibratedRival", "Calibration", "calibrate", "calibrated_tender",
           "fit_ratios", "origin_class", "simulate_calibrated"]

MIN_AWARDS = 5
ORIGIN_ARCHETYPE: Mapping[Origin, str] = {"domestic": "local_assembler", "bloc": "regional_neighbour",
                                          "chinese": "low_cost_importer", "other": "global_brand"}
FIT_RUNS = 3000
FIT_STEPS = 80
RATIO_BOUNDS = (0.4, 2.5)


def origin_class(buyer: str, country: str, neighbours: frozenset[str]) -> Origin:
    """The origin class of a bidder country for a buyer (as the award data counts it)."""
    if country == buyer:
        return "domestic"
    if country == "CHN":
        return "chinese"
    return "bloc" if country in neighbours else "other"


def _evidence(wh: Warehouse, buyer: str, sector: str, region: str | None,
              years: tuple[int, int] | None) -> tuple[str, Any]:
    ev = award_evidence(wh, AwardQuery(country=buyer, products=(sector,), years=years))
    if ev.shares.n >= MIN_AWARDS:
        return "country", ev
    if region:
        rev = award_evidence(wh, AwardQuery(region=region, products=(sector,), years=years))
        if rev.shares.n >= MIN_AWARDS:
            return f"region:{region}", rev
    return "none", ev


def calibrate(wh: Warehouse, *, buyer: str, sector: str, years: tuple[int, int] | None = None,
              region: str | None = None) -> Calibration:
    """The award evidence for ``buyer`` × ``sector`` (an HS2/4/6 prefix); ``region``
    (World Bank code) defaults to the buyer's region in the award rows."""
    region = region or buyer_region(wh, buyer)
    scope, ev = _evidence(wh, buyer, sector, region, years)
    fys = [r.fiscal_year for r in ev.rows if r.fiscal_year is not None]
    bids = bid_evidence(wh, buyer=buyer, sector=sector)
    blocs = Counter(r.supplier_country for r in ev.rows if r.origin == "bloc" and r.supplier_country)
    return Calibration(buyer=buyer, sector=sector, scope=scope,
                       neighbour=blocs.most_common(1)[0][0] if blocs else None,
                       source="+".join(ev.sources) if scope != "none" else "none", n=ev.shares.n,
                       years=(min(fys), max(fys)) if fys and scope != "none" else None,
                       origin_mix=summary_of(ev.shares), bid_evidence=bids)


def _names(origins: list[Origin]) -> list[str]:
    """``calibrated <origin>``, then ``calibrated <origin> 2``, ... for a repeated origin."""
    seen: Counter[str] = Counter()
    out = []
    for o in origins:
        seen[o] += 1
        out.append(f"calibrated {o}" + (f" {seen[o]}" if seen[o] > 1 else ""))
    return out


def _specs(origins: list[Origin], ratios: np.ndarray, sd: float | None = None) -> tuple[RivalSpec, ...]:
    arch = _archetypes()
    return tuple(RivalSpec(name=name, archetype=ORIGIN_ARCHETYPE[o], price_ratio=float(r),
                           price_sd=float(arch[ORIGIN_ARCHETYPE[o]]["price_sd"]) if sd is None else sd)
                 for name, o, r in zip(_names(origins), origins, ratios, strict=True))


def fit_ratios(t: Tender, origins: list[Origin], target: np.ndarray, *, seed: int = 0,
               sd: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Median price ratios for one rival per entry of ``origins`` (an origin may repeat)
    such that, alone in the tender under its rule pack, they win with the ``target`` shares
    (log-sd ``sd``, else the archetypes'); ``(ratios, shares reached)``."""
    arch = _archetypes()
    ratios = np.array([float(arch[ORIGIN_ARCHETYPE[o]]["price_ratio"]) for o in origins])
    dummy = Offer(bidder="(calibration)", price=1.0, bidder_country="USA", origin="USA", responsive=False,
                  own=True)
    best: tuple[float, np.ndarray, np.ndarray] | None = None
    for _ in range(FIT_STEPS):
        tt = t.model_copy(update={"offers": (dummy,), "rivals": _specs(origins, ratios, sd)})
        f = build_field(tt, dummy, reference_price=1.0)
        rp, rt = draw(np.random.default_rng(seed), f, FIT_RUNS)  # common draws: a smooth fit
        shares, _award = run_field(f, rp, rt, divisible=False)
        reached = shares[:, 1:].sum(axis=0) / FIT_RUNS
        err = float(np.max(np.abs(reached - target)))
        if best is None or err < best[0]:
            best = (err, ratios.copy(), reached)
        if err < 0.01:
            break
        # a rival that wins too often gets dearer, one that wins too rarely cheaper (damped)
        gap = np.log(reached + 0.5 / FIT_RUNS) - np.log(target + 0.5 / FIT_RUNS)
        ratios = np.clip(ratios * np.exp(np.clip(0.15 * gap, -0.08, 0.08)), *RATIO_BOUNDS)
    assert best is not None
    return best[1], best[2]


#: the rule pack the awards of a source were made under (World Bank: its goods procurement
#: regulations, lowest evaluated price with the optional 15 % domestic preference)
SOURCE_PACKS = {"wb-contracts": "wb-goods"}


def _as_awarded(t: Tender, cal: Calibration) -> Tender:
    """``t`` under the rules its evidence was awarded by: the source's rule pack (the
    tender's own for OCDS), lowest price, no technical pass mark (the awards hold none)."""
    pack = SOURCE_PACKS.get(cal.source, t.tender.rulepack)
    info = t.tender.model_copy(update={"rulepack": pack})
    ev = t.evaluation.model_copy(update={"method": "lowest_price", "technical_pass_mark": None,
                                         "price_weight": 1.0, "technical_weight": 0.0})
    return t.model_copy(update={"tender": info, "evaluation": ev})


def _bids(cal: Calibration) -> BidEvidence | None:
    ev = cal.bid_evidence
    return ev if ev is not None and ev.has_evidence else None


def _used(p: CalibratedParameter | None, used: bool) -> tuple[CalibratedParameter, ...]:
    return () if p is None else (replace(p, used=used),)


def _archetype_rivals(t: Tender, bev: BidEvidence, factor_of: Any) -> tuple[Tender, tuple[CalibratedParameter, ...]]:
    """The file's own rivals with the measured spread and (with a tender value) level."""
    arch = _archetypes()
    known = [r for r in t.rivals if r.archetype in arch]
    if not known:
        return t, ()
    ratios = [r.price_ratio or float(arch[r.archetype]["price_ratio"]) for r in t.rivals if r in known]
    f = factor_of(ratios)
    sd = bev.price_sd.value if bev.price_sd is not None else None
    rivals = tuple(r if r not in known else r.model_copy(update={
        "price_ratio": r.price_ratio if f is None else (r.price_ratio or float(arch[r.archetype]["price_ratio"])) * f,
        "price_sd": r.price_sd if sd is None else sd}) for r in t.rivals)
    params = _used(bev.price_ratio, f is not None) + _used(bev.price_sd, sd is not None) + _used(bev.tenderers, False)
    return t.model_copy(update={"rivals": rivals}), params


def calibrated_tender(t: Tender, cal: Calibration, *, offer: str | None = None) -> tuple[Tender, Calibration]:
    """``t`` with its random rivals replaced by the calibrated ones (with no award evidence:
    its own rivals, given the bid evidence's spread and level; ``t`` itself with neither),
    and ``cal`` with the fitted rivals and the parameters applied recorded."""
    bev = _bids(cal)
    own = next((o for o in t.offers if o.bidder == offer), None) or next((o for o in t.offers if o.own), t.offers[0])
    reference = t.simulation.reference_price or own.price
    estimate_unit = t.tender.value / t.quantity if t.tender.value else None

    def factor_of(ratios: list[float]) -> float | None:
        return level_factor(bev, ratios, estimate_unit=estimate_unit, reference=reference)

    if not cal.has_evidence or not cal.origin_mix.n:
        if bev is None:
            return t, cal
        tt, measured = _archetype_rivals(t, bev, factor_of)
        return tt, replace(cal, parameters=measured)
    mix = cal.origin_mix
    origins: list[Origin] = [o for o in ORIGINS if mix.counts.get(o, 0) > 0]
    named = 1 + sum(1 for o in t.offers if not o.own)
    k = rival_count(bev, named, floor=len(origins))
    field_origins = spread(origins, {o: mix.counts[o] for o in origins}, k) if k else origins
    copies = Counter(field_origins)
    target = np.array([mix.counts[o] / mix.n / copies[o] for o in field_origins])
    sd = bev.price_sd.value if bev is not None and bev.price_sd is not None else None
    sim = t.simulation
    if "bloc" in origins and sim.neighbour_country is None:
        sim = sim.model_copy(update={"neighbour_country": cal.neighbour or t.tender.buyer_country})
    base = t.model_copy(update={"simulation": sim})
    ratios, reached = fit_ratios(_as_awarded(base, cal), field_origins, target, seed=sim.seed, sd=sd)
    f = factor_of([float(r) for r in ratios])
    priced = ratios * f if f is not None else ratios
    arch = _archetypes()
    countries = {"domestic": t.tender.buyer_country, "chinese": "CHN", "bloc": sim.neighbour_country}
    rivals = tuple(
        CalibratedRival(name=name, origin=o, archetype=ORIGIN_ARCHETYPE[o], country=countries.get(o),
                        price_ratio=float(r), archetype_price_ratio=float(arch[ORIGIN_ARCHETYPE[o]]["price_ratio"]),
                        observed_share=float(x), fitted_share=float(y),
                        source=f"awards:{cal.source}:{cal.scope}:HS{cal.sector}", n=cal.n)
        for name, o, r, x, y in zip(_names(field_origins), field_origins, priced, target, reached, strict=True))
    params: tuple[CalibratedParameter, ...] = ()
    count_source = cal.rival_count_source
    if bev is not None:
        params = _used(bev.price_ratio, f is not None) + _used(bev.price_sd, sd is not None) + \
            _used(bev.tenderers, k is not None)
        if k is not None:
            count_source = (f"OCDS tenderers ({bev.tenderers.source if bev.tenderers else ''}, "
                            f"{bev.tenderers.scope if bev.tenderers else ''}): the median less the "
                            f"{named} bidder(s) the file names, at least one per winning origin")
    return (base.model_copy(update={"rivals": _specs(field_origins, priced, sd)}),
            replace(cal, rivals=rivals, parameters=params, rival_count_source=count_source))


def simulate_calibrated(t: Tender, cal: Calibration, *, runs: int | None = None, seed: int | None = None,
                        offer: str | None = None, progress: Any = None) -> SimulationResult:
    """:func:`~chuhai.tenders.simulate.simulate` against the calibrated rivals; the result
    carries the calibration, and the archetype warning only where no evidence exists."""
    tt, done = calibrated_tender(t, cal, offer=offer)
    res = simulate(tt, runs=runs, seed=seed, offer=offer, progress=progress)
    warn = list(res.warning_messages)
    used = {p.name: p for p in done.parameters if p.used}
    measured = {p.name: p for p in done.parameters}
    if done.has_evidence:
        if "tenderers" in used:
            warn.append(M.SIM_CALIBRATED_MIX(n=done.n, scope=done.scope, source=done.source, sector=done.sector or ""))
        else:
            warn.append(M.SIM_CALIBRATED(n=done.n, scope=done.scope, source=done.source, sector=done.sector or ""))
    else:
        warn.append(M.SIM_NO_EVIDENCE(buyer=done.buyer, sector=done.sector or ""))
    warn += bid_notes(done, used, measured, rivals=len(tt.rivals))
    return replace(res, warning_messages=tuple(warn), calibration=done)

