"""PostgreSQL's search indexes take each write at once (fastupdate off): by default GIN gathers new
entries in a pending list that every search reads whole until a vacuum merges it, so searches
slowed as records were added (4.7 ms for a prefix matching nothing, 0.02 ms once merged). The
lists held now are merged."""

from peewee import SqliteDatabase

from crm_tui.models import search_index

VERSION = 20
TITLE = "search indexes without a pending list on PostgreSQL"
CARRIES_BACKUPS = True  # an index's setting: nothing a backup holds


def up(db):
    if isinstance(db, SqliteDatabase):
        return
    from crm_tui.models.migrations import search_documents  # the package is still being read as steps load

    for doc in search_documents():
        search_index.index_without_pending_list(db, doc)
