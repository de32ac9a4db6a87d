"""Teams, queues, their items, and the rules that route new work into them."""

from peewee import BigIntegerField, CharField, DateTimeField, ForeignKeyField, IntegerField

from crm_tui.core.clock import utcnow
from crm_tui.models.migrations._frozen import create_counted, frozen_base, user_table

VERSION = 13
TITLE = "teams and queues"
# a backup from before it restores: no teams or queues yet
CARRIES_BACKUPS = True


def up(db):
    Frozen = frozen_base(db)
    User = user_table(Frozen)

    class Team(Frozen):
        name = CharField(max_length=100, unique=True)
        created_on = DateTimeField(default=utcnow)

    class TeamMember(Frozen):
        team = ForeignKeyField(Team, backref="+", on_delete="CASCADE")
        user = ForeignKeyField(User, backref="+", on_delete="CASCADE")

        class Meta:
            table_name = "team_member"
            indexes = ((("team", "user"), True), (("user",), False))

    class Queue(Frozen):
        name = CharField(max_length=100, unique=True)
        team = ForeignKeyField(Team, null=True, backref="+", on_delete="RESTRICT")
        owner = ForeignKeyField(User, null=True, backref="+", on_delete="CASCADE")
        created_on = DateTimeField(default=utcnow)

    class QueueItem(Frozen):
        queue = ForeignKeyField(Queue, backref="+", on_delete="CASCADE")
        record_type = CharField(max_length=40)
        record_id = IntegerField()
        rank = BigIntegerField()
        entered_on = DateTimeField(default=utcnow)
        worked_by = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
        worked_on = DateTimeField(null=True)

        class Meta:
            table_name = "queue_item"
            indexes = ((("record_type", "record_id"), True), (("queue", "rank", "id"), False), (("rank", "id"), False),
                       (("queue", "worked_by", "rank", "id"), False), (("worked_by",), False))

    class QueueRule(Frozen):
        queue = ForeignKeyField(Queue, backref="+", on_delete="CASCADE")
        record_type = CharField(max_length=40)
        priority = CharField(max_length=10, null=True)
        origin = CharField(max_length=20, null=True)

        class Meta:
            table_name = "queue_rule"

    create_counted(db, Team, TeamMember, Queue, QueueItem, QueueRule)
