"""Core models: users, associations (tenants), memberships, audit, code lists, municipalities."""

from samordna.core.models.association import Association, Membership, User
from samordna.core.models.audit import AccessLogEntry, AuditEntry
from samordna.core.models.job import Job
from samordna.core.models.reference import CodeList, CodeListEntry, Municipality
from samordna.core.models.tenant import TenantModel, TenantQuerySet

__all__ = [
    "AccessLogEntry",
    "Association",
    "AuditEntry",
    "CodeList",
    "CodeListEntry",
    "Job",
    "Membership",
    "Municipality",
    "TenantModel",
    "TenantQuerySet",
    "User",
]
