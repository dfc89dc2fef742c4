"""Backup and restore of the whole platform: the database and every stored file (archive.py)."""
