"""Database guard-rails that refuse changes to the ledger tables.

They are guard-rails, not proof: someone with the database owner's rights can drop them. The
signed checkpoints written outside the database are the proof (`lineage.log.verify`).
"""

from __future__ import annotations

from collections.abc import Sequence

from psycopg import sql
from sqlalchemy import Connection, text

from models.strict import control_character
from models.tables import LEDGER_TABLES

_KEYS = {
    "ledger_entry": "seq = NEW.seq OR entry_id = NEW.entry_id",
    "merkle_node": "level = NEW.level AND idx = NEW.idx",
    "entry_version": "seq = NEW.seq",
    "version_subject": "version_seq = NEW.version_seq AND token = NEW.token",
    "version_category": "version_seq = NEW.version_seq AND category = NEW.category",
    "entry_flag": "seq = NEW.seq AND kind = NEW.kind",
    "entry_link": "seq = NEW.seq AND relation = NEW.relation AND target_seq = NEW.target_seq",
    "access_log": "seq = NEW.seq",
    "registry_event": "seq = NEW.seq AND position = NEW.position",
}


def sqlite_guardrails(table: str) -> list[str]:
    """Triggers refusing UPDATE and DELETE, and an INSERT that would replace a row."""
    refuse = f"SELECT RAISE(ABORT, '{table} is append-only')"
    return [
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN {refuse}; END",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN {refuse}; END",
        f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
        f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {_KEYS[table]}) BEGIN {refuse}; END",
    ]


PG_REFUSE_FUNCTION = """
CREATE OR REPLACE FUNCTION disclosure_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '%% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql
"""


def postgresql_guardrails(table: str) -> list[str]:
    """Row triggers for UPDATE/DELETE, a statement trigger for TRUNCATE, fired ALWAYS."""
    return [
        f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION disclosure_refuse_change()",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION disclosure_refuse_change()",
        # ALWAYS: also when session_replication_role is 'replica'.
        f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {table}_no_change",
        f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {table}_no_truncate",
    ]


def install(conn: Connection, tables: Sequence[str] = LEDGER_TABLES) -> None:
    """Install the guard-rails on `tables` (by default every ledger table)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(PG_REFUSE_FUNCTION)
        statements = [s for t in tables for s in postgresql_guardrails(t)]
    else:
        statements = [s for t in tables for s in sqlite_guardrails(t)]
    for statement in statements:
        conn.exec_driver_sql(statement)


def remove(conn: Connection, tables: Sequence[str] = LEDGER_TABLES) -> None:
    """Drop the guard-rails (for tamper tests and deliberate repair only)."""
    for table in tables:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}")
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        else:
            for suffix in ("no_update", "no_delete", "no_replace"):
                conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_{suffix}")


MUTABLE_TABLES = (
    "log_head",
    "partner_version",
    "agreement_version",
    "subject",
    "subject_key",
    "api_key",
)
"""Tables the application changes in place (the head, the registries, the keys)."""


def grant_application_role(conn: Connection, role: str) -> None:
    """PostgreSQL: a login role that may only SELECT and INSERT on the ledger tables.

    The name may be any text (`o'brien` included): it is passed as a parameter where it is
    a value and quoted by the driver (`psycopg.sql.Identifier`) where it names the role, so
    it is only ever a name, never SQL. ValueError for a name PostgreSQL would cut short
    (over 63 bytes) or one holding a control character.
    """
    check_role_name(role)
    exists = text("SELECT 1 FROM pg_roles WHERE rolname = :role")
    if conn.execute(exists, {"role": role}).first() is None:
        _run(conn, sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
    grant = sql.SQL("GRANT {} ON {} TO {}")
    for privileges, tables in (
        ("SELECT, INSERT", LEDGER_TABLES),
        ("SELECT, INSERT, UPDATE, DELETE", MUTABLE_TABLES),
    ):
        names = sql.SQL(", ").join(sql.Identifier(t) for t in tables)
        _run(conn, grant.format(sql.SQL(privileges), names, sql.Identifier(role)))


def check_role_name(role: str) -> None:
    """ValueError unless `role` is a name PostgreSQL keeps whole: 1-63 bytes, no control
    characters (NAMEDATALEN; a longer name would be silently truncated)."""
    if not 0 < len(role.encode()) <= 63 or control_character(role) is not None:
        raise ValueError("a role name is 1 to 63 bytes without control characters")


def _run(conn: Connection, statement: sql.Composed) -> None:
    """Run a statement composed with psycopg's quoting, in this connection's transaction."""
    driver = conn.connection.driver_connection
    conn.exec_driver_sql(statement.as_string(driver))
