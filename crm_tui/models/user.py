"""People who work in the system and own records."""

from peewee import BooleanField, CharField, DateTimeField

from crm_tui.models.base import BaseModel, utcnow


class User(BaseModel):
    username = CharField(unique=True, max_length=150)
    display_name = CharField(max_length=200)
    is_active = BooleanField(default=True)
    created_on = DateTimeField(default=utcnow)
