"""Users, accounts and contacts."""

from peewee import (
    BooleanField,
    CharField,
    DateTimeField,
    DecimalField,
    DeferredForeignKey,
    ForeignKeyField,
    IntegerField,
    SqliteDatabase,
    TextField,
)

from crm_tui.models.migrations._frozen import frozen_base

VERSION = 1
TITLE = "users, accounts and contacts"


def up(db):
    Frozen = frozen_base(db)

    class User(Frozen):
        username = CharField(unique=True, max_length=150)
        display_name = CharField(max_length=200)
        is_active = BooleanField(default=True)
        created_on = DateTimeField()

    class Record(Frozen):
        state = CharField(max_length=16)
        version = IntegerField()
        created_on = DateTimeField()
        modified_on = DateTimeField()
        street = CharField(max_length=250, null=True)
        city = CharField(max_length=80, null=True)
        state_province = CharField(max_length=50, null=True)
        postal_code = CharField(max_length=20, null=True)
        country = CharField(max_length=80, null=True)
        description = TextField(null=True)

    class Account(Record):
        name = CharField(max_length=160)
        sort_name = CharField(max_length=160)
        account_number = CharField(max_length=20, null=True)
        phone = CharField(max_length=50, null=True)
        email = CharField(max_length=100, null=True)
        website = CharField(max_length=200, null=True)
        industry = CharField(max_length=100, null=True)
        relationship_type = CharField(max_length=100, null=True)
        annual_revenue = DecimalField(max_digits=18, decimal_places=2, null=True)
        employees = IntegerField(null=True)
        parent = ForeignKeyField("self", null=True, on_delete="RESTRICT")
        primary_contact = DeferredForeignKey("m0001contact", null=True, on_delete="SET NULL")
        owner = ForeignKeyField(User, on_delete="RESTRICT")
        created_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
        modified_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")

        class Meta:
            table_name = "account"
            indexes = (
                (("sort_name", "id"), False),
                (("state", "sort_name", "id"), False),
                (("parent", "sort_name", "id"), False),
            )

    class M0001Contact(Record):
        first_name = CharField(max_length=50, null=True)
        last_name = CharField(max_length=50)
        sort_name = CharField(max_length=110)
        alt_sort_name = CharField(max_length=110)
        job_title = CharField(max_length=100, null=True)
        email = CharField(max_length=100, null=True)
        email2 = CharField(max_length=100, null=True)
        business_phone = CharField(max_length=50, null=True)
        mobile_phone = CharField(max_length=50, null=True)
        parent_customer = ForeignKeyField(Account, null=True, on_delete="RESTRICT")
        owner = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
        created_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
        modified_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")

        class Meta:
            table_name = "contact"
            indexes = (
                (("sort_name", "id"), False),
                (("state", "sort_name", "id"), False),
                (("alt_sort_name", "id"), False),
                (("parent_customer", "sort_name", "id"), False),
            )

    db.create_tables([User, Account, M0001Contact])
    if not isinstance(db, SqliteDatabase):
        # SQLite cannot add a constraint later; there the service keeps it.
        Account._schema.create_foreign_key(Account.primary_contact)
