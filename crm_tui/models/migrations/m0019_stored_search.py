"""Search everywhere on PostgreSQL reads a stored document column instead of an expression index:
a short prefix matches so many rows that the planner reads the table and checks each row, and
computing the document for each cost ~30 µs (a keystroke 25-50 ms on the large set). The column
rewrites each searched table once."""

from peewee import SqliteDatabase

from crm_tui.models import search_index

VERSION = 19
TITLE = "search documents stored on PostgreSQL"
CARRIES_BACKUPS = True  # generated from the columns a backup holds


def up(db):
    if isinstance(db, SqliteDatabase):
        return
    from crm_tui.models.migrations import search_documents  # the package is still being read as steps load

    search_index.rebuild(db, tuple(doc for doc in search_documents()
                                   if not search_index.has_postgres_column(db, doc)))
