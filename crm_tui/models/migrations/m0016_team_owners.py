"""A team may own records: each team has a user row records point at as their owner (its
principal), made when the team is made or first given a record."""

VERSION = 16
TITLE = "teams own records"
# a backup from before it restores: its teams get their principal when first given a record
CARRIES_BACKUPS = True


def up(db):
    if "principal_id" not in {column.name for column in db.get_columns("team")}:  # a rerun adds nothing twice
        db.execute_sql('ALTER TABLE "team" ADD COLUMN "principal_id" INTEGER REFERENCES "user" ("id")')
    db.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "team_principal_id" ON "team" ("principal_id")')
