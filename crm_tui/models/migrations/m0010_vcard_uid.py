"""A contact keeps the UID of the vCard it came from, so the same card imported again (from
khard, a phone, vdirsyncer) updates it instead of making a second one, and an export writes the
UID the other program knows."""

VERSION = 10
TITLE = "contacts keep their vCard UID"
# a backup from before it restores: the new column is left empty
CARRIES_BACKUPS = True


def up(db):
    if "vcard_uid" not in {column.name for column in db.get_columns("contact")}:  # a rerun adds nothing twice
        db.execute_sql("ALTER TABLE contact ADD COLUMN vcard_uid VARCHAR(255)")
    db.execute_sql("CREATE UNIQUE INDEX IF NOT EXISTS contact_vcard_uid ON contact (vcard_uid)")
