"""Each user's recent and pinned records."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from crm_tui.core.clock import utcnow
from crm_tui.models.migrations._frozen import create_counted, frozen_base, user_table

VERSION = 12
TITLE = "recent and pinned records"
# a backup from before it restores: nobody has recent or pinned records yet
CARRIES_BACKUPS = True


def up(db):
    Frozen = frozen_base(db)
    User = user_table(Frozen)

    class RecentRecord(Frozen):
        user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
        record_type = CharField(max_length=40)
        record_id = IntegerField()
        opened_at = DateTimeField(default=utcnow)

        class Meta:
            table_name = "recent_record"
            indexes = ((("user", "record_type", "record_id"), True), (("user", "id"), False))

    class PinnedRecord(Frozen):
        user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
        record_type = CharField(max_length=40)
        record_id = IntegerField()
        pinned_at = DateTimeField(default=utcnow)

        class Meta:
            table_name = "pinned_record"
            indexes = ((("user", "record_type", "record_id"), True),)

    create_counted(db, RecentRecord, PinnedRecord)
