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
