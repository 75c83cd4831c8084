"""Accounts: users, passwords, API tokens, web sessions, matters and the audit log."""
