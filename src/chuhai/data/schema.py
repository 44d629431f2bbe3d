"""Warehouse tables, declared once as data.

``TABLES`` maps each table name to its columns ``(name, duckdb_type, description)``.
The DDL, ``docs/data-model.md`` and the schema test all read this one table.
Rates and shares are fractions (0.05 = 5 %); money is US dollars (not thousands);
quantities are tonnes; country codes are ISO 3166-1 alpha-3; HS codes are 6-char
zero-padded strings.
"""

from __future__ import annotations

Column = tuple[str, str, str]

TABLES: dict[str, tuple[Column, ...]] = {
    "trade": (
        ("year", "SMALLINT NOT NULL", "calendar year of the flow"),
        ("exporter", "VARCHAR NOT NULL", "exporter ISO3"),
        ("importer", "VARCHAR NOT NULL", "importer ISO3"),
        ("hs6", "VARCHAR NOT NULL", "HS 6-digit code, zero-padded string"),
        ("hs_revision", "VARCHAR NOT NULL", "HS92, HS96, HS02, HS07, HS12, HS17 or HS22"),
        ("value_usd", "DOUBLE NOT NULL", "value in US dollars (not thousands)"),
        ("quantity_t", "DOUBLE", "quantity in tonnes; NULL when unknown"),
        ("source", "VARCHAR NOT NULL", "baci, comtrade or demo"),
        ("import_id", "VARCHAR NOT NULL", "provenance.import_id of the import that wrote the row"),
    ),
    "trade_files": (
        ("import_id", "VARCHAR NOT NULL", "provenance.import_id of the import that wrote the file"),
        ("year", "SMALLINT NOT NULL", "the one year of trade rows the file holds"),
        ("path", "VARCHAR PRIMARY KEY",
         "Parquet file relative to the warehouse directory: trade/<import_id>/<year>.parquet"),
        ("rows", "BIGINT NOT NULL", "rows in the file"),
        ("value_usd", "DOUBLE NOT NULL", "sum of value_usd in the file, USD"),
    ),
    "countries": (
        ("iso3", "VARCHAR PRIMARY KEY", "ISO 3166-1 alpha-3"),
        ("iso_numeric", "SMALLINT", "ISO 3166-1 numeric"),
        ("iso2", "VARCHAR", "ISO 3166-1 alpha-2"),
        ("name_en", "VARCHAR NOT NULL", "English short name"),
        ("name_zh", "VARCHAR", "Simplified Chinese name"),
        ("region", "VARCHAR", "World Bank region"),
        ("income_group", "VARCHAR", "World Bank income group: L, LM, UM, H"),
        ("capital", "VARCHAR", "capital city"),
        ("lat", "DOUBLE", "capital latitude"),
        ("lon", "DOUBLE", "capital longitude"),
        ("import_id", "VARCHAR NOT NULL", "provenance.import_id (the reference import)"),
    ),
    "indicators": (
        ("iso3", "VARCHAR NOT NULL", "country ISO3"),
        ("year", "SMALLINT NOT NULL", "year"),
        ("indicator", "VARCHAR NOT NULL",
         "gdp_usd, gdp_growth, population, gdp_per_capita_usd, wgi_va, wgi_pv, wgi_ge, "
         "wgi_rq, wgi_rl, wgi_cc, ... (see docs/data-model.md)"),
        ("value", "DOUBLE NOT NULL", "value; growth rates as fractions"),
        ("source", "VARCHAR NOT NULL", "wdi, wgi or demo"),
        ("import_id", "VARCHAR NOT NULL", "provenance.import_id"),
    ),
    "distances": (
        ("origin", "VARCHAR NOT NULL", "ISO3"),
        ("destination", "VARCHAR NOT NULL", "ISO3"),
        ("dist_km", "DOUBLE NOT NULL", "population-weighted or great-circle distance, km"),
        ("distcap_km", "DOUBLE", "distance between capitals, km"),
        ("contiguous", "BOOLEAN", "share a border"),
        ("common_language", "BOOLEAN", "common official language"),
        ("source", "VARCHAR NOT NULL",
         "geodist, gravity or geonames (the demo's great circles between GeoNames capitals)"),
        ("import_id", "VARCHAR NOT NULL", "provenance.import_id"),
    ),
    "tariffs": (
        ("importer", "VARCHAR NOT NULL", "ISO3 of the country applying the tariff"),
        ("partner", "VARCHAR NOT NULL", "ISO3 of the exporter for a preferential rate, or 'MFN'"),
        ("hs6", "VARCHAR NOT NULL", "HS6 code"),
        ("year", "SMALLINT NOT NULL", "year"),
        ("rate", "DOUBLE", "ad-valorem rate as a fraction; NULL if only non-ad-valorem"),
        ("non_ad_valorem", "BOOLEAN NOT NULL", "the line has a specific/compound duty"),
        ("hs_revision", "VARCHAR", "nomenclature of hs6"),
        ("source", "VARCHAR NOT NULL", "wits or demo"),
        ("import_id", "VARCHAR NOT NULL", "provenance.import_id"),
    ),
    "agreements": (
        ("agreement_id", "VARCHAR PRIMARY KEY", "short id, e.g. RCEP, EAEU, CHN-PAK"),
        ("name", "VARCHAR NOT NULL", "full name"),
        ("type", "VARCHAR NOT NULL",
         "FTA, CU (customs union), PSA, EIA, FTA+EIA or MOU (cooperation documents, no tariff preference: BRI)"),
        ("in_force", "DATE", "entry into force"),
        ("source", "VARCHAR NOT NULL", "desta, wto-rta, bri, chuhai-blocs"),
        ("import_id", "VARCHAR NOT NULL", "provenance.import_id"),
    ),
    "agreement_members": (
        ("agreement_id", "VARCHAR NOT NULL", "agreements.agreement_id"),
        ("iso3", "VARCHAR NOT NULL", "member ISO3"),
        ("joined", "DATE", "date the member's participation entered into force"),
        ("left_on", "DATE", "date the member left; NULL if still a member"),
        ("import_id", "VARCHAR NOT NULL", "provenance.import_id"),
    ),
    "country_classes": (
        ("iso3", "VARCHAR NOT NULL", "country ISO3"),
        ("year", "SMALLINT",
         "World Bank fiscal year of the classification (FY2024 = list of July 2023, from 2022 "
         "GNI); NULL when the file does not say"),
        ("region", "VARCHAR", "World Bank region, e.g. 'Sub-Saharan Africa'; NULL if not given"),
        ("income_group", "VARCHAR", "World Bank income group: L, LM, UM or H; NULL if unclassified"),
        ("source", "VARCHAR NOT NULL", "wb-class, wb-oghist or demo"),
        ("import_id", "VARCHAR NOT NULL", "provenance.import_id"),
    ),
    "country_geo": (
        ("iso3", "VARCHAR NOT NULL", "country ISO3"),
        ("capital", "VARCHAR", "capital city (English name)"),
        ("lat", "DOUBLE", "capital latitude, degrees north"),
        ("lon", "DOUBLE", "capital longitude, degrees east"),
        ("area_km2", "DOUBLE", "land area, km²"),
        ("internal_km", "DOUBLE", "internal distance, km (CEPII dis_int: 0.67·sqrt(area/π))"),
        ("landlocked", "BOOLEAN", "no sea coast"),
        ("source", "VARCHAR NOT NULL", "geodist or demo"),
        ("import_id", "VARCHAR NOT NULL", "provenance.import_id"),
    ),
    "products": (
        ("hs6", "VARCHAR NOT NULL", "HS6 code"),
        ("hs_revision", "VARCHAR NOT NULL", "nomenclature"),
        ("description", "VARCHAR NOT NULL", "English description"),
        ("source", "VARCHAR NOT NULL", "baci, comtrade or reference"),
        ("import_id", "VARCHAR NOT NULL", "provenance.import_id"),
    ),
    "hs_links": (
        ("from_revision", "VARCHAR NOT NULL", "the newer HS revision of the UNSD table, e.g. HS22"),
        ("to_revision", "VARCHAR NOT NULL", "the older HS revision, e.g. HS17"),
        ("from_hs6", "VARCHAR NOT NULL", "subheading of from_revision, 6-char string"),
        ("to_hs6", "VARCHAR NOT NULL", "subheading of to_revision it links to (Correlation sheet)"),
        ("relation", "VARCHAR NOT NULL",
         "1:1, 1:n, n:1 or n:n seen from newer to older, counted over the pair's links"),
        ("conversion", "BOOLEAN NOT NULL", "the Conversion sheet maps from_hs6 to to_hs6"),
        ("source", "VARCHAR NOT NULL", "unsd-hs"),
        ("import_id", "VARCHAR NOT NULL", "provenance.import_id"),
    ),
    "contract_awards": (
        ("source", "VARCHAR NOT NULL", "wb-contracts or ocds"),
        ("contract_id", "VARCHAR NOT NULL",
         "the publisher's contract id: WB Contract Number; OCDS award id (ocid/award id)"),
        ("fiscal_year", "SMALLINT",
         "World Bank fiscal year (FY2021 = July 2020 to June 2021); OCDS: the award year"),
        ("award_date", "DATE", "contract signing / award date; NULL when not given"),
        ("buyer_country", "VARCHAR", "borrower / buyer country ISO3; NULL for multi-country codes"),
        ("region", "VARCHAR", "World Bank region code (AFE, AFW, EAP, ECA, LCR, MNA, SAR, ...); OCDS rows: "
         "the buyer country's lending region (`worldbank.toml` [lending_regions])"),
        ("project_id", "VARCHAR", "World Bank project id (P078387); OCDS: planning project id"),
        ("project_name", "VARCHAR", "project name (WB: cut at about 35 characters upstream)"),
        ("description", "VARCHAR", "contract description (WB: cut at about 60 characters upstream)"),
        ("method", "VARCHAR",
         "normalised procurement method id from data/reference/procurement_methods.toml "
         "(icb, ncb, rfb, rfq_shopping, direct, qcbs, cqs, open, limited, other, ...)"),
        ("method_raw", "VARCHAR", "the method as the file wrote it"),
        ("category", "VARCHAR", "goods, works, services or consulting"),
        ("sector", "VARCHAR", "WB Major Sector(s), '; '-joined where a contract was repeated per sector"),
        ("supplier", "VARCHAR", "supplier name as published (WB: x restored where 'Others' replaced it)"),
        ("supplier_country", "VARCHAR", "supplier's country of registration ISO3; NULL if unknown"),
        ("amount", "DOUBLE", "contract amount in currency (WB: the total contract amount, USD)"),
        ("currency", "VARCHAR", "ISO 4217 currency of amount"),
        ("amount_usd", "DOUBLE", "amount in US dollars; NULL when no exchange rate is stored"),
        ("usd_flag", "VARCHAR", "NULL, or 'no_rate' when amount_usd is NULL for want of a rate"),
        ("supplier_id", "VARCHAR", "OCDS party id of the supplier; NULL for WB"),
        ("award_amount", "DOUBLE",
         "the award's whole value in currency (a joint award lists each supplier with it)"),
        ("suppliers_in_award", "SMALLINT", "number of suppliers sharing the award (JV members)"),
        ("award_status", "VARCHAR", "OCDS award status (active, pending, ...); NULL for WB"),
        ("ocid", "VARCHAR", "OCDS contracting process id; NULL for WB"),
        ("related_lots", "VARCHAR", "OCDS lot ids the award covers, comma-separated"),
        ("import_id", "VARCHAR NOT NULL", "provenance.import_id"),
    ),
    "contract_products": (
        ("source", "VARCHAR NOT NULL", "contract_awards.source"),
        ("contract_id", "VARCHAR NOT NULL", "contract_awards.contract_id"),
        ("hs", "VARCHAR NOT NULL", "HS2, HS4 or HS6 prefix of the matched product"),
        ("product_class", "VARCHAR NOT NULL",
         "water_meter, electricity_meter, meter_other, valve, pump, pipe, transformer or cable"),
        ("rule", "VARCHAR NOT NULL", "id of the rule in data/reference/procurement_rules.toml"),
        ("confidence", "DOUBLE NOT NULL", "the rule's confidence, 0 to 1"),
        ("import_id", "VARCHAR NOT NULL",
         "provenance.import_id of the contract_awards import it was derived from"),
    ),
    "tenders": (
        ("ocid", "VARCHAR NOT NULL", "OCDS contracting process id (one row per process)"),
        ("tender_id", "VARCHAR", "tender.id"),
        ("title", "VARCHAR", "tender.title"),
        ("buyer", "VARCHAR", "buyer (else procuringEntity) name"),
        ("buyer_id", "VARCHAR", "buyer party id"),
        ("buyer_country", "VARCHAR",
         "buyer ISO3: the buyer party's address, else the publisher of the ocid prefix"),
        ("method", "VARCHAR", "normalised method id (data/reference/procurement_methods.toml)"),
        ("method_raw", "VARCHAR", "tender.procurementMethod as published"),
        ("method_details", "VARCHAR", "procurementMethodDetails (else Prozorro's procurementMethodType)"),
        ("category", "VARCHAR", "goods, works, services or consulting (mainProcurementCategory)"),
        ("amount", "DOUBLE", "estimated value, tender.value.amount, in currency"),
        ("currency", "VARCHAR", "currency of amount, upper-case"),
        ("number_of_tenderers", "INTEGER", "tender.numberOfTenderers; NULL when not published"),
        ("classifications", "VARCHAR",
         "item classifications as scheme:id, '; '-joined (CPV:38421100-3; UNSPSC:...)"),
        ("award_criteria", "VARCHAR", "tender.awardCriteria (lowestCost, bestProposal, ...)"),
        ("status", "VARCHAR", "tender.status"),
        ("tender_date", "DATE", "tenderPeriod.startDate, else the compiled release's date"),
        ("source", "VARCHAR NOT NULL", "ocds"),
        ("import_id", "VARCHAR NOT NULL", "provenance.import_id"),
    ),
    "bids": (
        ("ocid", "VARCHAR NOT NULL", "tenders.ocid"),
        ("bid_id", "VARCHAR", "bids.details[].id"),
        ("tenderer", "VARCHAR", "tenderer name(s), '; '-joined for a consortium"),
        ("tenderer_id", "VARCHAR", "tenderer party id(s), '; '-joined"),
        ("tenderer_country", "VARCHAR", "tenderers' ISO3 when all known and the same; else NULL"),
        ("tenderers", "SMALLINT", "number of tenderers on the bid"),
        ("amount", "DOUBLE", "bid value in currency (per lot where relatedLot is set)"),
        ("currency", "VARCHAR", "currency of amount, upper-case"),
        ("status", "VARCHAR", "bid status (valid, qualified, disqualified, active, ...)"),
        ("related_lot", "VARCHAR", "the lot the bid is for"),
        ("bid_date", "DATE", "date the bid was submitted"),
        ("import_id", "VARCHAR NOT NULL", "provenance.import_id"),
    ),
    "ocds_parties": (
        ("ocid", "VARCHAR NOT NULL", "tenders.ocid"),
        ("party_id", "VARCHAR", "parties[].id"),
        ("name", "VARCHAR", "party name"),
        ("roles", "VARCHAR", "comma-separated roles (buyer, procuringEntity, supplier, tenderer, ...)"),
        ("country", "VARCHAR", "ISO3 of address.countryName; NULL if absent or unknown"),
        ("country_raw", "VARCHAR", "address.countryName as published"),
        ("identifier_scheme", "VARCHAR", "identifier.scheme (UA-EDR, AM-TIN, ...)"),
        ("identifier_id", "VARCHAR", "identifier.id"),
        ("import_id", "VARCHAR NOT NULL", "provenance.import_id"),
    ),
    "award_items": (
        ("source", "VARCHAR NOT NULL", "contract_awards.source (ocds)"),
        ("contract_id", "VARCHAR NOT NULL", "contract_awards.contract_id (<ocid>/<award id>)"),
        ("ocid", "VARCHAR NOT NULL", "tenders.ocid"),
        ("classification_scheme", "VARCHAR NOT NULL", "CPV, UNSPSC, CPV-AM, a publisher's own scheme"),
        ("classification_id", "VARCHAR NOT NULL", "the code, as published (38421100-3)"),
        ("description", "VARCHAR", "the item's description"),
        ("import_id", "VARCHAR NOT NULL", "provenance.import_id"),
    ),
    "ocds_releases": (
        ("ocid", "VARCHAR NOT NULL", "tenders.ocid"),
        ("release_id", "VARCHAR", "release id (NULL when the publisher gave none)"),
        ("release_date", "VARCHAR", "release date as published (ISO 8601)"),
        ("tag", "VARCHAR", "comma-separated release tags; 'compiled' for a record's compiledRelease"),
        ("body", "VARCHAR NOT NULL",
         "the release as JSON (upgraded to OCDS 1.1): a later file about the same process is "
         "merged with it"),
        ("import_id", "VARCHAR NOT NULL", "provenance.import_id"),
    ),
    "provenance": (
        ("import_id", "VARCHAR PRIMARY KEY", "stable id: source + first 16 hex of sha256"),
        ("source", "VARCHAR NOT NULL", "baci, comtrade, wdi, wgi, geodist, gravity, tariffs, "
         "agreements, bri, unsd-hs, wb-contracts, ocds, reference, demo"),
        ("file", "VARCHAR NOT NULL", "file name as given"),
        ("sha256", "VARCHAR NOT NULL", "sha256 of the file's bytes"),
        ("release", "VARCHAR", "release / vintage, e.g. 202501"),
        ("scope", "VARCHAR NOT NULL", "what a newer release replaces, e.g. baci/HS22"),
        ("tables", "VARCHAR NOT NULL", "comma-separated tables written"),
        ("years", "VARCHAR", "comma-separated years covered"),
        ("rows", "BIGINT NOT NULL", "rows written"),
        ("value_usd", "DOUBLE", "total trade value written, USD"),
        ("imported_at", "TIMESTAMP NOT NULL", "UTC time of the import"),
        ("status", "VARCHAR NOT NULL", "active, or replaced-by:<import_id>"),
        ("note", "VARCHAR", "what the import replaced, if anything"),
    ),
    "meta": (
        ("key", "VARCHAR PRIMARY KEY", "setting name (demo, schema_version, ...)"),
        ("value", "VARCHAR", "value"),
    ),
}

SCHEMA_VERSION = "2"

#: Tables that hold rows by year; a newer release replaces only the years it covers.
YEARLY_TABLES = frozenset({"trade", "indicators", "tariffs"})

#: Tables whose rows live in Parquet files listed in ``trade_files``; the database holds a
#: VIEW of that name over the live files (see ``docs/data-model.md``).
FILE_TABLES = frozenset({"trade"})


def column_type(table: str, column: str) -> str:
    """The DuckDB type of ``table.column`` without constraints (``SMALLINT``, ``VARCHAR``...)."""
    for name, typ, _ in TABLES[table]:
        if name == column:
            return typ.replace(" NOT NULL", "").replace(" PRIMARY KEY", "")
    raise KeyError(f"{table}.{column}")


def not_null(table: str) -> list[str]:
    """Columns of ``table`` declared NOT NULL."""
    return [c for c, t, _ in TABLES[table] if "NOT NULL" in t or "PRIMARY KEY" in t]


def empty_select(table: str) -> str:
    """A SELECT of no rows with ``table``'s columns and types (the view of an empty store)."""
    cols = ", ".join(f"CAST(NULL AS {column_type(table, c)}) AS {c}" for c, _, _ in TABLES[table])
    return f"SELECT {cols} WHERE false"


def ddl() -> list[str]:
    """CREATE statements for every table (a VIEW for each of ``FILE_TABLES``)."""
    out = []
    for name, cols in TABLES.items():
        if name in FILE_TABLES:
            out.append(f"CREATE VIEW IF NOT EXISTS {name} AS {empty_select(name)}")
            continue
        body = ", ".join(f"{c} {t}" for c, t, _ in cols)
        out.append(f"CREATE TABLE IF NOT EXISTS {name} ({body})")
    return out


def data_columns(table: str) -> list[str]:
    """Columns an importer supplies (all but import_id, which the warehouse adds)."""
    return [c for c, _, _ in TABLES[table] if c != "import_id"]
