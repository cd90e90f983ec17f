"""Import of enrollments from CSV or XLSX (docs/contracts.md 'Participants CSV'): all or nothing.

`run_import(association=…, source=…, filename=…, acting_user=…)` reads, validates every row in
memory against lookups loaded once, and either writes everything in one transaction (bulk, with
one audit row carrying the counts) or nothing, returning every problem with its row and column.
"""

from samordna.participants.importer.core import ImportResult, Problem, run_import

__all__ = ["ImportResult", "Problem", "run_import"]
