"""The import kit: one way to read CSV, XLSX and JSON files, report problems and write all or nothing.

Generic (imports no domain app). A new importer reads with `iter_csv`/`read_csv`, `iter_xlsx` or
`load_json`, parses values with `parse_amount`/`parse_decimal`/`parse_integer`/`parse_date` (passing the
target field's digits), collects `Problem`s in a `ProblemList`, raises `ImportFailed` if there are any,
and writes through its service inside `apply_all` (bulk inserts with `bulk_insert`). Views check the
upload with `read_upload` first. See docs/architecture.md, "Import kit".
"""

from samordna.core.imports.apply import apply_all, bulk_insert
from samordna.core.imports.csvfile import MAX_FIELD, detect_delimiter, iter_csv, read_csv
from samordna.core.imports.jsonfile import check_depth, load_json
from samordna.core.imports.numbers import parse_amount, parse_date, parse_decimal, parse_integer
from samordna.core.imports.problems import SHOWN_PROBLEMS, ImportFailed, Problem, ProblemList, refuse, render
from samordna.core.imports.text import CONTROL, decode
from samordna.core.imports.uploads import max_upload_bytes, read_upload, upload_too_large
from samordna.core.imports.xlsxfile import cell_text, iter_xlsx

__all__ = [
    "CONTROL",
    "MAX_FIELD",
    "SHOWN_PROBLEMS",
    "ImportFailed",
    "Problem",
    "ProblemList",
    "apply_all",
    "bulk_insert",
    "cell_text",
    "check_depth",
    "decode",
    "detect_delimiter",
    "iter_csv",
    "iter_xlsx",
    "load_json",
    "max_upload_bytes",
    "parse_amount",
    "parse_date",
    "parse_decimal",
    "parse_integer",
    "read_csv",
    "read_upload",
    "refuse",
    "render",
    "upload_too_large",
]
