"""Duplicate detection rules kept in the database (the shipped ones to begin with), and the
indexes of their match keys (crm_tui.models.duplicate_keys); a merged account, contact or lead
points at the record it was merged into."""

from peewee import BooleanField, CharField, DateTimeField, IntegerField

from crm_tui.core.clock import utcnow
from crm_tui.core.duplicate_rules import RuleSpec, parse_conditions
from crm_tui.models import duplicate_keys
from crm_tui.models.migrations._frozen import create_counted, frozen_base

VERSION = 11
TITLE = "duplicate detection rules"
# a backup from before it restores: the shipped rules stay, the new links are left empty
CARRIES_BACKUPS = True

# The rules shipped, as of this version: name, type, matching type, conditions.
SHIPPED = (
    ("Accounts with the same name", "account", "account", "name"),
    ("Contacts with the same email", "contact", "contact", "email"),
    ("Contacts with the same name in one account", "contact", "contact", "first_name, last_name, parent_customer"),
    ("Leads with the same email", "lead", "lead", "email"),
    ("Leads whose company is an account", "lead", "account", "company_name=name"),
    ("Leads whose email is a contact's", "lead", "contact", "email"),
)


MERGEABLE = ("account", "contact", "lead")


def up(db):
    for table in MERGEABLE:
        if "merged_into_id" not in {column.name for column in db.get_columns(table)}:
            db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "merged_into_id" INTEGER '
                           f'REFERENCES "{table}" ("id") ON DELETE SET NULL')
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{table}_merged_into_id" ON "{table}" ("merged_into_id")')
    class DuplicateRule(frozen_base(db)):
        name = CharField(max_length=100, unique=True)
        record_type = CharField(max_length=40)
        matching_type = CharField(max_length=40)
        conditions = CharField(max_length=500)
        ignore_case = BooleanField(default=True)
        ignore_blanks = BooleanField(default=True)
        ignore_inactive = BooleanField(default=True)
        active = BooleanField(default=True)
        version = IntegerField(default=1)
        modified_on = DateTimeField(default=utcnow)

        class Meta:
            table_name = "duplicate_rule"

    create_counted(db, DuplicateRule)
    for name, rt_key, matching, conditions in SHIPPED:
        if not DuplicateRule.select().where(DuplicateRule.name == name).exists():
            DuplicateRule.create(name=name, record_type=rt_key, matching_type=matching, conditions=conditions)
    duplicate_keys.sync(db, [RuleSpec(row.name, row.record_type, row.matching_type, parse_conditions(row.conditions)[0],
                                      row.ignore_case, row.ignore_blanks, row.ignore_inactive, row.active)
                             for row in DuplicateRule.select()])
