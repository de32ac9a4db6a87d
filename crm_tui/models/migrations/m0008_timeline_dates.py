"""Timeline entries sit at their own date: an appointment's start, an open activity's due
time, a closed one's completion (crm_tui.services.activities.own_date). Until now they sat
at the time they were logged, so next week's meeting read as today."""

VERSION = 8
TITLE = "timeline entries at their own dates"


def up(db):
    db.execute_sql(
        "UPDATE activity SET timeline_at = CASE"
        " WHEN kind = 'appointment' AND start_at IS NOT NULL THEN start_at"
        " WHEN state IN ('open', 'scheduled') AND due_at IS NOT NULL THEN due_at"
        " WHEN state IN ('completed', 'canceled') AND completed_on IS NOT NULL THEN completed_on"
        " ELSE timeline_at END"
        " WHERE kind NOT IN ('note', 'event')")
