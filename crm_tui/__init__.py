"""crm-tui: a keyboard-first CRM for the terminal."""

__version__ = "0.1.0"
