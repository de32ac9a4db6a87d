"""Accounts and contacts: the customers, their hierarchy."""
