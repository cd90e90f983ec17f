"""Uppföljning Finsam: the yearly figures the national follow-up form asks of a förbund.

- `finance.py`: budget and outcome (utfall) per insats, administration and funds, from samordna.finance.
- `figures.py`: `build_finsam_figures` joins them with the participant figures
  (participants.statistics.finsam) and suppresses small counts when published.
- `report.py`: the `uppfoljning-finsam` report kind (tables.Report in the form's order).
- The page is reports.views.UppfoljningFinsamView (/f/<association>/rapporter/uppfoljning-finsam/).

docs/rapporter.md explains the page and each column.
"""
