"""The duplicate detection rules in force (crm_tui.core.duplicate_rules says what one is)."""

from peewee import BooleanField, CharField, DateTimeField, IntegerField

from crm_tui.models.base import BaseModel, utcnow


class DuplicateRule(BaseModel):
    name = CharField(max_length=100, unique=True)
    record_type = CharField(max_length=40)  # the records checked
    matching_type = CharField(max_length=40)  # the records they are compared with
    conditions = CharField(max_length=500)  # as written: "first_name:first 3, last_name, parent_customer"
    ignore_case = BooleanField(default=True)
    ignore_blanks = BooleanField(default=True)
    ignore_inactive = BooleanField(default=True)
    active = BooleanField(default=True)
    version = IntegerField(default=1)
    modified_on = DateTimeField(default=utcnow)

    class Meta:
        table_name = "duplicate_rule"
