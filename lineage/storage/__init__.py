"""Storage: engines and write transactions, bulk inserts, the schema and its migrations, and
the database guard-rails."""
