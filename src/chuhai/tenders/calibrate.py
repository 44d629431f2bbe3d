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
in the result, each parameter with its source and sample size. The World Bank awards
hold no bidder counts, so the number of rivals is the number of winning origins, and says
so; OCDS bids would give it.
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
from chuhai.tenders.calibration_types import CalibratedRival, Calibration
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
    blocs = Counter(r.supplier_country for r in ev.rows if r.origin == "bloc" and r.supplier_country)
    return Calibration(buyer=buyer, sector=sector, scope=scope,
                       neighbour=blocs.most_common(1)[0][0] if blocs else None,
                       source="+".join(ev.sources) if scope != "none" else "none", n=ev.shares.n,
                       years=(min(fys), max(fys)) if fys and scope != "none" else None,
                       origin_mix=summary_of(ev.shares))


def _specs(origins: list[Origin], ratios: np.ndarray) -> tuple[RivalSpec, ...]:
    arch = _archetypes()
    return tuple(RivalSpec(name=f"calibrated {o}", archetype=ORIGIN_ARCHETYPE[o], price_ratio=float(r),
                           price_sd=float(arch[ORIGIN_ARCHETYPE[o]]["price_sd"]))
                 for o, r in zip(origins, ratios, strict=True))


def fit_ratios(t: Tender, origins: list[Origin], target: np.ndarray, *, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Median price ratios for one rival per origin such that, alone in the tender under its
    rule pack, they win with the ``target`` shares; ``(ratios, shares reached)``."""
    arch = _archetypes()
    ratios = np.array([float(arch[ORIGIN_ARCHETYPE[o]]["price_ratio"]) for o in origins])
    dummy = Offer(bidder="(calibration)", price=1.0, bidder_country="USA", origin="USA", responsive=False,
                  own=True)
    best: tuple[float, np.ndarray, np.ndarray] | None = None
    for _ in range(FIT_STEPS):
        tt = t.model_copy(update={"offers": (dummy,), "rivals": _specs(origins, ratios)})
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


def calibrated_tender(t: Tender, cal: Calibration) -> tuple[Tender, Calibration]:
    """``t`` with its random rivals replaced by the calibrated ones (``t`` itself when
    ``cal`` has no evidence), and ``cal`` with the fitted rivals recorded."""
    if not cal.has_evidence or not cal.origin_mix.n:
        return t, cal
    mix = cal.origin_mix
    origins: list[Origin] = [o for o in ORIGINS if mix.counts.get(o, 0) > 0]
    target = np.array([mix.counts[o] / mix.n for o in origins])
    sim = t.simulation
    if "bloc" in origins and sim.neighbour_country is None:
        sim = sim.model_copy(update={"neighbour_country": cal.neighbour or t.tender.buyer_country})
    base = t.model_copy(update={"simulation": sim})
    ratios, reached = fit_ratios(_as_awarded(base, cal), origins, target, seed=sim.seed)
    arch = _archetypes()
    countries = {"domestic": t.tender.buyer_country, "chinese": "CHN", "bloc": sim.neighbour_country}
    rivals = tuple(
        CalibratedRival(name=f"calibrated {o}", origin=o, archetype=ORIGIN_ARCHETYPE[o], country=countries.get(o),
                        price_ratio=float(r), archetype_price_ratio=float(arch[ORIGIN_ARCHETYPE[o]]["price_ratio"]),
                        observed_share=float(x), fitted_share=float(y),
                        source=f"awards:{cal.source}:{cal.scope}:HS{cal.sector}", n=cal.n)
        for o, r, x, y in zip(origins, ratios, target, reached, strict=True))
    return (base.model_copy(update={"rivals": _specs(origins, ratios)}),
            replace(cal, rivals=rivals))


def simulate_calibrated(t: Tender, cal: Calibration, *, runs: int | None = None, seed: int | None = None,
                        offer: str | None = None, progress: Any = None) -> SimulationResult:
    """:func:`~chuhai.tenders.simulate.simulate` against the calibrated rivals; the result
    carries the calibration, and the archetype warning only where no evidence exists."""
    tt, done = calibrated_tender(t, cal)
    res = simulate(tt, runs=runs, seed=seed, offer=offer, progress=progress)
    warn = list(res.warning_messages)
    if done.has_evidence:
        warn.append(M.SIM_CALIBRATED(n=done.n, scope=done.scope, source=done.source, sector=done.sector or ""))
    else:
        warn.append(M.SIM_NO_EVIDENCE(buyer=done.buyer, sector=done.sector or ""))
    return replace(res, warning_messages=tuple(warn), calibration=done)
