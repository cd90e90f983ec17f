"""Import a verksamhetsplan from JSON (docs/contracts.md, "Plan JSON"): read → check → apply.

`reading` has the typed readers (problems by JSON path in the import kit's ProblemList), `validation` checks
the whole document into a `PlanSpec` without writing, `applying` writes it through the planning services in
one transaction. The command `import_plan` and the upload page both call `import_plan_bytes`.
"""

from __future__ import annotations

from typing import Any

from samordna.core.imports import load_json
from samordna.core.models import Association
from samordna.planning.importer.applying import PlanImportSummary, apply_spec
from samordna.planning.importer.validation import PlanSpec, validate

__all__ = ["PlanImportSummary", "PlanSpec", "import_plan_bytes", "import_plan_data"]


def import_plan_data(*, acting_user: Any, association: Association, data: Any, filename: str = "") -> PlanImportSummary:
    """Check and write a decoded plan document; ImportFailed (nothing written) names every problem's path."""
    spec = validate(data, association=association)
    return apply_spec(acting_user=acting_user, spec=spec, filename=filename)


def import_plan_bytes(
    *, acting_user: Any, association: Association, raw: bytes, filename: str = ""
) -> PlanImportSummary:
    """Decode (UTF-8, size, depth, control characters and huge numbers checked by the kit), check and write."""
    return import_plan_data(acting_user=acting_user, association=association, data=load_json(raw), filename=filename)
