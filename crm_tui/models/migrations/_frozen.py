"""The base of a migration's frozen tables: bound to the database being migrated, nothing else."""

from peewee import Model


def frozen_base(db) -> type[Model]:
    class Frozen(Model):
        class Meta:
            database = db
            legacy_table_names = False

    return Frozen


def user_table(base: type[Model]) -> type[Model]:
    """The user table as later migrations point at it (only its primary key matters)."""

    class User(base):
        class Meta:
            table_name = "user"

    return User


def create_counted(db, *models: type[Model]) -> None:
    """Make the tables not there yet, each with its indexes; on SQLite with an AUTOINCREMENT id,
    as every table's since version 7 (ids never reused)."""
    from peewee import SqliteDatabase

    for model in models:
        if db.table_exists(model._meta.table_name):
            continue
        sql, params = model._schema._create_table(safe=False).query()
        if isinstance(db, SqliteDatabase):
            sql = sql.replace('"id" INTEGER NOT NULL PRIMARY KEY', '"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT', 1)
        db.execute_sql(sql, params)
        model._schema.create_indexes(safe=True)
