"""Persistence: SQLModel tables, the engine, Alembic migrations. No Qt here."""
