"""Saved views, and the full-text search documents of accounts, contacts, leads,
opportunities and cases."""

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from crm_tui.models import search_index
from crm_tui.models.migrations._frozen import frozen_base, user_table
from crm_tui.models.search_index import Document

VERSION = 6
TITLE = "saved views and full-text search"

# What search reads, as of this version (crm_tui.services.search uses these).
DOCUMENTS = (
    Document("account", ("name", "account_number", "email", "phone", "city"), phones=("phone",)),
    Document("contact", ("first_name", "last_name", "email", "email2", "business_phone", "mobile_phone"),
             phones=("business_phone", "mobile_phone")),
    Document("lead", ("topic", "first_name", "last_name", "company_name", "email", "business_phone",
                      "mobile_phone"), phones=("business_phone", "mobile_phone")),
    Document("opportunity", ("topic",)),
    Document("incident", ("title",)),
)


VIEW_INDEXES = {
    "account": (("city", "lower(city)"), ("country", "lower(country)"), ("industry", "industry"),
                ("relationship_type", "relationship_type")),
    "contact": (("city", "lower(city)"), ("country", "lower(country)"), ("job_title", "lower(job_title)")),
}


def up(db):
    Frozen = frozen_base(db)
    User = user_table(Frozen)

    class SavedView(Frozen):
        owner = ForeignKeyField(User, backref="+", on_delete="CASCADE")
        record_type = CharField(max_length=40)
        name = CharField(max_length=100)
        sort_name = CharField(max_length=100)
        definition = TextField()
        created_on = DateTimeField()
        modified_on = DateTimeField()

        class Meta:
            table_name = "saved_view"
            indexes = ((("owner", "record_type", "sort_name"), True),)

    db.create_tables([SavedView])
    # "My active accounts / contacts" as keyset pages, like the other record types' own lists.
    for table in ("account", "contact"):
        db.execute_sql(f'CREATE INDEX "{table}_owner_id_state_sort_name_id" ON "{table}" '
                       '("owner_id", "state", "sort_name", "id")')
    # Views filter on these often ("city equals Oslo", "industry equals Consulting"): a text field's
    # equals compares lower-case, so those indexes are on lower(); a choice is compared as stored.
    for table, expressions in VIEW_INDEXES.items():
        for name, expression in expressions:
            db.execute_sql(f'CREATE INDEX "{table}_view_{name}" ON "{table}" ({expression})')
    search_index.create(db, DOCUMENTS)
