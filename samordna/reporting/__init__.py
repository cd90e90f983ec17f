"""The format-free report kit: tables, registry, renderers, suppression and the audit of releases.

It imports no domain app (docs/architecture.md, "Layers"); each report kind lives with the app whose data it
reports. `differencing` audits released figures against each other (docs/suppression.md).
"""
