"""Each user's recent and pinned records."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, SqliteDatabase

from crm_tui.core.clock import utcnow
from crm_tui.models.migrations._frozen import frozen_base, user_table

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

    for model in (RecentRecord, PinnedRecord):
        if db.table_exists(model._meta.table_name):
            continue
        sql, params = model._schema._create_table(safe=False).query()
        if isinstance(db, SqliteDatabase):  # ids never reused, as every table's (m0007)
            sql = sql.replace('"id" INTEGER NOT NULL PRIMARY KEY', '"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT', 1)
        db.execute_sql(sql, params)
        model._schema.create_indexes(safe=True)
