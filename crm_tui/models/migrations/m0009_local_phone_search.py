"""Search finds a phone number typed without its area code: the documents of the tables with
phones gain the digits after the area code (crm_tui.models.search_index)."""

from crm_tui.models import search_index
from crm_tui.models.migrations.m0006_views_search import DOCUMENTS

VERSION = 9
TITLE = "phone search without the area code"
# a backup from before it restores: the restore rebuilds every search document
CARRIES_BACKUPS = True


def up(db):
    search_index.rebuild(db, tuple(doc for doc in DOCUMENTS if doc.phones))
