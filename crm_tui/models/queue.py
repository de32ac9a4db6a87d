"""Teams of users, and the queues their work waits in: a queue is a team's, one user's own, or
everyone's; an item is a case or an activity in one queue, picked by at most one user."""

from peewee import BigIntegerField, CharField, DateTimeField, ForeignKeyField, IntegerField

from crm_tui.models.base import BaseModel, utcnow
from crm_tui.models.user import User


class Team(BaseModel):
    name = CharField(max_length=100, unique=True)
    created_on = DateTimeField(default=utcnow)
    # the user row a record owned by the team points at (its owner is a user column everywhere, so
    # "owned by" reads, indexes and checks stay one); its user name is "team:ID", never a sign-in
    principal = ForeignKeyField(User, null=True, unique=True, backref="+", on_delete="RESTRICT")


class TeamMember(BaseModel):
    team = ForeignKeyField(Team, backref="+", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")

    class Meta:
        table_name = "team_member"
        indexes = ((("team", "user"), True), (("user",), False))


class Queue(BaseModel):
    name = CharField(max_length=100, unique=True)
    team = ForeignKeyField(Team, null=True, backref="+", on_delete="RESTRICT")  # a team's queue
    owner = ForeignKeyField(User, null=True, backref="+", on_delete="CASCADE")  # one user's own queue
    created_on = DateTimeField(default=utcnow)


class QueueItem(BaseModel):
    queue = ForeignKeyField(Queue, backref="+", on_delete="CASCADE")
    record_type = CharField(max_length=40)  # "case", or a kind of activity
    record_id = IntegerField()
    rank = BigIntegerField()  # its queue, then priority, then the earliest deadline: a queue's most urgent first
    entered_on = DateTimeField(default=utcnow)
    worked_by = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")  # who picked it
    worked_on = DateTimeField(null=True)

    class Meta:
        table_name = "queue_item"
        indexes = ((("record_type", "record_id"), True), (("queue", "rank", "id"), False), (("rank", "id"), False),
                   (("queue", "worked_by", "rank", "id"), False), (("worked_by",), False))


class QueueRule(BaseModel):
    """New work of a type (a priority, an origin) is routed to a queue; the first rule that fits wins."""
    queue = ForeignKeyField(Queue, backref="+", on_delete="CASCADE")
    record_type = CharField(max_length=40)  # "case", or a kind of activity
    priority = CharField(max_length=10, null=True)  # any, when empty
    origin = CharField(max_length=20, null=True)  # a case's origin; any, when empty

    class Meta:
        table_name = "queue_rule"
