"""Migrations (SecureDrop style): head equals the models, every revision goes up and down,
and a case written at an older revision opens, is migrated after an encrypted backup, and
keeps its data."""

from __future__ import annotations

import ast
import hashlib
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import factories
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from factories import PASSPHRASE
from sqlalchemy import Engine, insert, inspect, select, text
from sqlalchemy.orm import Session

from db import engine as dbengine
from db import keys, migrate
from db.models import (
    Actor,
    Base,
    CaseInfo,
    Event,
    Evidence,
    EvidenceBlob,
    Excerpt,
    Finding,
    Interview,
    Recommendation,
    Reviewer,
)
from db.search_index import is_index_table
from workbench import audit
from workbench.case import Case
from workbench.search import search
from workbench.verify import verify


def _env_include_object() -> Any:
    """The include_object of db/migrations/env.py itself (env.py cannot be imported alone:
    it runs the migrations at import time)."""
    source = (migrate.MIGRATIONS / "env.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    func = next(n for n in tree.body
                if isinstance(n, ast.FunctionDef) and n.name == "include_object")
    namespace: dict[str, Any] = {"is_index_table": is_index_table}
    exec(compile(ast.Module([func], type_ignores=[]), "env.py", "exec"), namespace)  # noqa: S102
    return namespace["include_object"]


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[tuple[Engine, Path, bytes]]:
    """A new, keyed, empty SQLCipher file made by the db layer alone (no schema yet)."""
    path = tmp_path / "old.case"
    salt = keys.new_salt(keys.FAST_KDF)
    key = keys.derive_key(PASSPHRASE, salt)
    dbengine.create_file(path, key, salt).close()
    engine = dbengine.make_engine(path, key)
    yield engine, path, key
    engine.dispose()


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def _tables(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def _schema_diffs(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "include_object": _env_include_object(), "compare_type": True,
        })
        return compare_metadata(context, Base.metadata)


def test_revisions_form_one_line_from_0001() -> None:
    revisions = _revisions()
    assert revisions[0] == "0001"
    assert revisions[-1] == migrate.head_revision()
    assert len(set(revisions)) == len(revisions)


def test_the_revisions_read_without_alembic_are_alembics() -> None:
    # Opening a case reads the revision files itself (db.migrate._revision_graph).
    script = ScriptDirectory.from_config(migrate.alembic_config())
    alembic_graph = {r.revision: r.down_revision for r in script.walk_revisions()}
    assert migrate._revision_graph() == alembic_graph
    assert migrate.known_revisions() == frozenset(alembic_graph)
    assert migrate.head_revision() == script.get_current_head()


def test_the_case_revision_read_without_alembic_is_alembics(empty_db) -> None:
    engine, _, _ = empty_db
    with engine.connect() as conn:
        assert migrate.current_revision(conn) is None  # no alembic_version table yet
    with engine.begin() as conn:
        migrate.upgrade(conn, "0001")
    with engine.connect() as conn:
        assert migrate.current_revision(conn) == "0001" \
            == MigrationContext.configure(conn).get_current_revision()


def test_upgrade_head_yields_exactly_the_models(empty_db) -> None:
    engine, _, _ = empty_db
    with engine.begin() as conn:
        migrate.upgrade(conn)
    assert _schema_diffs(engine) == []
    model_tables = set(Base.metadata.tables)
    tables = _tables(engine)
    assert model_tables <= tables
    extra = {t for t in tables - model_tables if not is_index_table(t)}
    assert extra == {"alembic_version"}


def test_the_schema_comparison_can_fail(empty_db) -> None:
    # A column the models have but the database lacks must show as a difference.
    engine, _, _ = empty_db
    with engine.begin() as conn:
        migrate.upgrade(conn)
        conn.exec_driver_sql("ALTER TABLE event DROP COLUMN internal_notes")
    diffs = _schema_diffs(engine)
    assert any("internal_notes" in str(d) for d in diffs), diffs


def test_every_revision_upgrades_and_downgrades(empty_db) -> None:
    engine, _, _ = empty_db
    revisions = _revisions()
    previous = ["base", *revisions[:-1]]
    for rev, before in zip(revisions, previous, strict=True):
        with engine.begin() as conn:
            migrate.upgrade(conn, rev)
            assert migrate.current_revision(conn) == rev
        with engine.begin() as conn:
            migrate.downgrade(conn, before)
            assert migrate.current_revision(conn) == (None if before == "base" else before)
        with engine.begin() as conn:
            migrate.upgrade(conn, rev)
    # base -> head -> base -> head
    with engine.begin() as conn:
        migrate.downgrade(conn, "base")
    assert _tables(engine) <= {"alembic_version"}
    with engine.begin() as conn:
        migrate.upgrade(conn, "head")
    assert _schema_diffs(engine) == []


# -- a case written at revision 0001 ---------------------------------------------------------

OLD_TEXTS = {
    "event": "Bloqueo de la carretera en Espinar",
    "interview": "Entrevista a la comunera Quispe",
    "notes": "La acción policial empezó a las seis; hubo heridos en Tintaya.",
    "finding": "Hallazgo sobre la protesta de Chumbivilcas",
    "recommendation": "Recomendación: reparación para Yauri",
}


def _write_rows_at_0001(engine: Engine) -> dict[str, int]:
    """Rows as an older release would have written them: plain SQL plus audit entries."""
    original = b"scanned letter, version 0001"
    rows: list[tuple[type[Base], dict[str, Any]]] = [
        (CaseInfo, {"id": 1, "title": "Caso antiguo", "created_at": "2025-01-01T00:00:00"}),
        (Reviewer, {"id": 1, "name": "old reviewer"}),
        (Actor, {"id": 1, "name": "Rosa Quispe", "pseudonym": "W-01"}),
        (Event, {"id": 1, "title": OLD_TEXTS["event"], "when": "2012-05-28",
                 "when_start": "2012-05-28T00:00:00", "when_end": "2012-05-28T23:59:59"}),
        (Interview, {"id": 1, "title": OLD_TEXTS["interview"], "notes_text": OLD_TEXTS["notes"]}),
        (Excerpt, {"id": 1, "interview_id": 1, "start": 0, "end": 17,
                   "text": OLD_TEXTS["notes"][:17]}),
        (Evidence, {"id": 1, "number": "E-0001", "title": "Carta", "caption": "Carta escaneada",
                    "size": len(original), "sha256": hashlib.sha256(original).hexdigest()}),
        (EvidenceBlob, {"id": 1, "evidence_id": 1, "role": "original", "data": original}),
        (Finding, {"id": 1, "title": OLD_TEXTS["finding"]}),
        (Recommendation, {"id": 1, "title": OLD_TEXTS["recommendation"]}),
    ]
    with engine.begin() as conn:
        for model, values in rows:
            conn.execute(insert(model.__table__).values(**values))
    with Session(engine) as session:
        changes = {}
        for model, values in rows:
            keys_ = [c.key for c in inspect(model).column_attrs]
            row = session.execute(select(*[getattr(model, k) for k in keys_])
                                  .where(model.id == values["id"])).one()
            changes[f"{model.__tablename__}:{values['id']}"] = {
                "before": None, "after": audit.row_snapshot(row, keys_)}
        audit.append(session, "old reviewer", "created by release 0.0", changes)
        session.commit()
    return {model.__tablename__: values["id"] for model, values in rows}


def test_case_made_at_0001_opens_migrates_and_keeps_its_data(empty_db, tmp_path: Path) -> None:
    engine, path, _ = empty_db
    with engine.begin() as conn:
        migrate.upgrade(conn, "0001")
    _write_rows_at_0001(engine)
    with engine.connect() as conn:
        at_0001 = set(inspect(conn).get_table_names())
        before = {t: conn.execute(text(f"SELECT * FROM {t} ORDER BY id")).all()
                  for t in Base.metadata.tables if t != "audit_entry" and t in at_0001}
        assert "search_index" not in at_0001
        assert "prepared_photo" not in at_0001  # added by 0004
    engine.dispose()

    with Case.open(path, PASSPHRASE, reviewer="new reviewer") as case:
        with case._engine_or_raise().connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
            for table, rows in before.items():
                now = conn.execute(text(f"SELECT * FROM {table} ORDER BY id")).all()
                if table == "reviewer":
                    assert now[: len(rows)] == rows
                else:
                    assert now == rows, table
        assert case.raw_execute("SELECT count(*) FROM prepared_photo") == [(0,)]
        # 0002 backfilled the index: diacritics- and case-insensitive search works at once.
        assert [(h.kind, h.ref) for h in search(case, "espinar")] == [("event", 1)]
        assert {h.kind for h in search(case, "accion")} == {"interview", "excerpt"}
        assert {h.kind for h in search(case, "chumbivilcas yauri")} == set()
        assert [h.kind for h in search(case, "Chumbivilcas")] == ["finding"]
        assert [h.kind for h in search(case, "yauri")] == ["recommendation"]
        assert [h.kind for h in search(case, "carta escaneada")] == ["evidence"]
        results = verify(case)
        assert all(r.ok for r in results), [r for r in results if not r.ok]
        # New writes work on the migrated case and are searchable.
        factories.event(case, "Evento nuevo en Ccollana")
        assert [h.kind for h in search(case, "ccollana")] == ["event"]

    backup = path.with_name(f"{path.stem}.before-0001{path.suffix}")
    assert backup.exists()
    assert backup.read_bytes()[:3] == keys.MAGIC
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    # The backup is the case as it was: revision 0001, same data, same passphrase.
    salt = keys.read_salt(backup)
    backup_engine = dbengine.make_engine(backup, keys.derive_key(PASSPHRASE, salt))
    try:
        with backup_engine.connect() as conn:
            assert migrate.current_revision(conn) == "0001"
            for table, rows in before.items():
                assert conn.execute(text(f"SELECT * FROM {table} ORDER BY id")).all() == rows
    finally:
        backup_engine.dispose()
    assert factories.leaks(tmp_path, [*OLD_TEXTS.values(), "Ccollana"]) == []

    # Opening again: nothing left to migrate, no second backup.
    listing = sorted(p.name for p in tmp_path.iterdir())
    with Case.open(path, PASSPHRASE, reviewer="new reviewer"):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def test_the_pre_migration_backup_opens_as_a_case(empty_db, capfd) -> None:
    engine, path, _ = empty_db
    with engine.begin() as conn:
        migrate.upgrade(conn, "0001")
    _write_rows_at_0001(engine)
    engine.dispose()
    capfd.readouterr()
    with Case.open(path, PASSPHRASE, reviewer="r"):
        pass
    assert capfd.readouterr() == ("", "")  # migrating prints nothing (no Alembic chatter)
    backup = path.with_name(f"{path.stem}.before-0001{path.suffix}")
    with Case.open(backup, PASSPHRASE, reviewer="r") as old:
        assert [h.kind for h in search(old, "espinar")] == ["event"]


def test_a_failed_migration_leaves_the_case_at_its_revision(
        empty_db, monkeypatch: pytest.MonkeyPatch) -> None:
    engine, path, _ = empty_db
    with engine.begin() as conn:
        migrate.upgrade(conn, "0001")
    _write_rows_at_0001(engine)
    engine.dispose()

    def broken(connection: Any, revision: str = "head") -> None:
        connection.exec_driver_sql("CREATE TABLE half_done (x)")
        raise RuntimeError("simulated failure inside a migration")

    monkeypatch.setattr(migrate, "upgrade", broken)
    with pytest.raises(RuntimeError):
        Case.open(path, PASSPHRASE, reviewer="r")
    monkeypatch.undo()
    with Case.open(path, PASSPHRASE, reviewer="r") as case:
        tables = {r[0] for r in case.raw_execute("SELECT name FROM sqlite_master")}
        assert "half_done" not in tables  # the migration ran in one rolled-back transaction
        assert [h.kind for h in search(case, "espinar")] == ["event"]
