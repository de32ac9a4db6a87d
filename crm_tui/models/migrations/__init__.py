"""Versioned schema migrations, applied in order by crm_tui.models.schema.

Each module defines ``VERSION``, ``TITLE`` and ``up(db)``. Models inside a migration
are frozen copies of the schema at that version, independent of the live models, so
an old database always migrates the same way whatever the code has become since.
"""

from crm_tui.models.migrations import (
    m0001_customers,
    m0002_audit,
    m0003_activities,
    m0004_sales,
    m0005_service,
    m0006_views_search,
    m0007_ids_never_reused,
    m0008_timeline_dates,
    m0009_local_phone_search,
)

STEPS = (m0001_customers, m0002_audit, m0003_activities, m0004_sales, m0005_service, m0006_views_search,
         m0007_ids_never_reused, m0008_timeline_dates,
         m0009_local_phone_search)
