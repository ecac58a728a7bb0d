"""Alembic's entry point for the published-journey store: run on the connection exilemap.store hands over.

The store builds alembic's Config in code (no alembic.ini) and passes its open connection in
`config.attributes["connection"]`, so a migration runs inside the store's own transaction.
"""

from alembic import context

from exilemap.store import METADATA

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=METADATA)
with context.begin_transaction():
    context.run_migrations()
