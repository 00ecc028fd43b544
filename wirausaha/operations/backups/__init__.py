"""Backups that restore: `manage.py backup DIR` and `manage.py restore DIR` (PostgreSQL)."""
