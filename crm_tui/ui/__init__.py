"""The Textual user interface: shows data and sends intents to the services."""
