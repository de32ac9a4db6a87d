"""What crm-tui is, in plain Python: the record types, their fields and states, and every action
with its keys. Imports nothing of the app's other layers, nor Peewee, Textual or Rich."""
