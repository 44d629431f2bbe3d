"""Demo generator parameters, declared once as data (see docs/reference-and-demo.md)."""

from __future__ import annotations

GENERATOR_VERSION = "2"
DEMO_YEARS = (2019, 2020, 2021, 2022, 2023)
DEMO_CHAPTERS = ("84", "85", "90")
STORY_MARKETS = ("MOZ", "KGZ", "KAZ", "IDN", "IND", "ZAF", "KEN", "NGA", "BRA", "VNM", "UZB",
                 "PAK", "BGD", "EGY", "ETH", "TZA", "UGA", "GHA", "PHL", "MEX")
STORY_PRODUCTS = ("902810", "902820", "902830", "902890", "848110", "848130", "848180", "848190")
#: GDP per capita bands (US$) per World Bank income group; draws are log-uniform inside.
GDPPC_BANDS = {"L": (450.0, 1100.0), "LM": (1300.0, 4300.0), "UM": (4800.0, 13000.0),
               "H": (16000.0, 75000.0), None: (3000.0, 9000.0)}
#: Mean real GDP growth and population growth by income group (fractions per year).
GROWTH = {"L": (0.042, 0.027), "LM": (0.048, 0.018), "UM": (0.032, 0.008), "H": (0.018, 0.004),
          None: (0.03, 0.012)}
#: Mean MFN applied rate by income group (fraction); a product factor multiplies it.
MFN_MEAN = {"L": 0.10, "LM": 0.085, "UM": 0.06, "H": 0.022, None: 0.07}
#: Preferential rate = MFN x factor inside each agreement (CU: 0). AfCFTA schedules are
#: phased and mostly not applied yet: no preference.
PREF_FACTOR = {"CU": 0.0, "ASEAN": 0.0, "CHN-ASEAN": 0.05, "RCEP": 0.6, "CPTPP": 0.2,
               "SADC": 0.1, "CHN-PAK": 0.5, "AfCFTA": 1.0, "FTA": 0.3}
#: Which member's MFN schedule a customs union's common external tariff copies.
CU_LEADER = {"EAEU": "RUS", "SACU": "ZAF", "EAC": "KEN", "MERCOSUR": "BRA", "ECOWAS": "NGA",
             "EU": "DEU"}
#: Story boosts to log export capability: (exporter, HS prefix, boost).
CAPABILITY_BOOST = (("CHN", "84", 1.0), ("CHN", "85", 1.5), ("CHN", "90", 0.6),
                    ("CHN", "9028", 1.2), ("CHN", "8481", 0.6), ("KAZ", "902820", 2.6),
                    ("KAZ", "902830", 3.0), ("ZAF", "8481", 1.8), ("ZAF", "9028", 1.8),
                    ("IND", "8481", 0.8), ("TUR", "9028", 1.0))
#: Story boosts to log pair values: (exporter, importer, boost). South Africa supplies its
#: SACU/SADC neighbours; Kazakhstan supplies Kyrgyzstan and Uzbekistan.
PAIR_BOOST = (("KAZ", "KGZ", 1.6), ("KAZ", "UZB", 0.8), ("RUS", "KGZ", 0.5),
              *(("ZAF", m, 1.5) for m in ("BWA", "NAM", "LSO", "SWZ", "MOZ", "ZMB", "ZWE", "MWI")))
#: Story flows that exist in every demo year: (exporter, importer, HS prefix).
STORY_PAIRS = (("KAZ", "KGZ", "9028"), ("KAZ", "UZB", "9028"),
               *(("ZAF", m, p) for m in ("BWA", "NAM", "LSO", "SWZ", "MOZ") for p in ("8481", "9028")))
#: GDP per capita 2019 (US$) anchors for the larger and the story economies: approximate,
#: rounded to two significant figures from World Bank WDI NY.GDP.PCAP.CD (2019), typed by
#: hand so that demo magnitudes look familiar. Other countries draw inside their income band.
GDPPC_2019 = {"USA": 65000, "CHN": 10000, "JPN": 40000, "DEU": 47000, "GBR": 43000,
              "FRA": 40000, "ITA": 34000, "CAN": 46000, "KOR": 32000, "AUS": 55000,
              "ESP": 30000, "NLD": 53000, "CHE": 85000, "RUS": 11000, "BRA": 8900, "MEX": 9900,
              "IND": 2100, "IDN": 4100, "TUR": 9100, "SAU": 23000, "ZAF": 6700, "NGA": 2200,
              "EGY": 3000, "KEN": 1800, "ETH": 850, "TZA": 1100, "MOZ": 500, "VNM": 3500,
              "PAK": 1500, "BGD": 1900, "KAZ": 9800, "KGZ": 1400, "UZB": 1800, "UGA": 800,
              "GHA": 2200, "PHL": 3500}
#: Log unit value (US$/t) medians by chapter and for the story products.
UNIT_VALUE = {"84": 9000.0, "85": 18000.0, "90": 45000.0, "902820": 11000.0,
              "902830": 19000.0, "902810": 14000.0, "848180": 9000.0}
WORLD_TOTAL_2019 = 6.3e12  # US$, chapters 84+85+90; order of magnitude of world trade
FLOW_DENSITY = 0.012  # share of exporter x importer x product cells with a flow
