"""Alembic migrations of the sitrep schema (a package so they ship with sitrep)."""
