"""The read side: every SQL statement the engines and pages run against the warehouse,
and the one cache keyed by the warehouse's identity.

Engines never open a connection: they call a function here, which opens one, runs its
statements (temp tables, if any, live only inside that function) and returns typed,
frozen inputs — NumPy or Arrow inside where large. Modules:

* :mod:`~chuhai.data.queries.identity` — warehouse identity, the shared cache, ``is_demo``;
* :mod:`~chuhai.data.queries.window` — product codes, years, HS revisions, coverage;
* :mod:`~chuhai.data.queries.dimensions` — agreement pairs, distances, growth (cached);
* :mod:`~chuhai.data.queries.tariffs` — the applied-tariff rule and tariff-line look-up;
* :mod:`~chuhai.data.queries.inputs` — :class:`PotentialBase`, the export potential's inputs;
* :mod:`~chuhai.data.queries.scan` — the one-product market scan;
* :mod:`~chuhai.data.queries.potential_all` — the full market × product potential table;
* :mod:`~chuhai.data.queries.exports` — exporter × product exports for complexity;
* :mod:`~chuhai.data.queries.countries` — per-country facts for forms;
* :mod:`~chuhai.data.queries.hs_links` — the UNSD links imported into the warehouse (by pair);
* :mod:`~chuhai.data.queries.awards` — who won: award rows, winner-origin shares (Wilson
  intervals from :mod:`~chuhai.data.queries.shares`), by method, largest winners.

Import the submodules directly (this package imports nothing, to keep start-up cheap).
"""
