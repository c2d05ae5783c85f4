"""Findings, action plan, grievances and audit log views on the demo case."""

from __future__ import annotations

from demofile import demo_copy, open_view
from PySide6.QtCore import Qt
from uihelpers import PASSPHRASE

from ui.views.audit_log import AuditLogView
from ui.views.findings import FindingsView
from ui.views.grievances import GrievancesView
from ui.views.recommendations import RecommendationsView
from workbench.case import Case
from workbench.queries import audit_queries as aq


def test_linking_evidence_to_a_finding_shows_in_the_matrix(make_window, qtbot, tmp_path,
                                                           qtmodeltester):
    window = make_window()
    view = open_view(qtbot, window, demo_copy(tmp_path), "findings")
    assert isinstance(view, FindingsView)
    finding = view.finding_rows[view.finding_list.currentRow()]
    qtmodeltester.check(view.matrix_model)
    assert view.matrix_model.rowCount() > 0
    linked = {c.id for c in finding.evidence}
    choices = view.editor.models["evidence"]
    qtmodeltester.check(choices)
    new = next(choices.index(i) for i in range(choices.rowCount())
               if choices.index(i).data(Qt.ItemDataRole.UserRole) not in linked)
    number = new.data().split()[0] + " "  # "E-0002 " (its excerpts read "E-0002: …")
    assert view.matrix_model.matrix.stance_of(number) == ""
    assert new.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert choices.setData(new, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert new.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(view.editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.matrix_model.matrix.stance_of(number) == "supports",
                    timeout=10_000)
    row = next(r for r, m in enumerate(view.matrix_model.matrix.rows)
               if m.source.startswith(number))
    assert view.matrix_model.index(row, 1).data().endswith("supports")
    # Edit > Undo takes the link away again, through another audited write.
    with qtbot.waitSignal(window.undo_stack.changed, timeout=10_000):
        window.undo_stack.undo()
    qtbot.waitUntil(lambda: view.matrix_model.matrix.stance_of(number) == "", timeout=10_000)


def test_allegation_response_and_letter_side_by_side(make_window, qtbot, tmp_path):
    window = make_window()
    view = open_view(qtbot, window, demo_copy(tmp_path), "findings")
    view.tabs.setCurrentIndex(1)
    assert view.allegation_list.count() == 4
    view.allegation_list.setCurrentRow(0)
    assert "Minera Antawayra" in view.allegation_text.toPlainText()
    assert "E-0001" in view.response_text.toPlainText()
    assert "perímetro" in view.bearing_text.toPlainText()  # the letter's marked excerpt


def test_changing_a_status_writes_an_audit_entry(make_window, qtbot, tmp_path):
    path = demo_copy(tmp_path)
    window = make_window()
    view = open_view(qtbot, window, path, "recommendations")
    assert isinstance(view, RecommendationsView)
    row = view.current_row()
    assert row is not None and row.status == "proposed"
    view.status.setCurrentIndex(view.status.findData("accepted"))
    view.status_note.setText("Agreed at the March meeting")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(view.status_button, Qt.MouseButton.LeftButton)
    assert next(r for r in view.rows if r.id == row.id).status == "accepted"
    with qtbot.waitSignal(window.view_loaded, timeout=10_000):
        window.select_view("audit")
    log = window.current_view()
    assert isinstance(log, AuditLogView)
    newest = log.model.rows[0]
    assert newest.action == "set recommendation status to accepted"
    assert newest.reviewer == "tester"
    qtbot.waitUntil(lambda: log.values_model.rowCount() > 0, timeout=5000)  # off-thread
    values = [log.values_model.index(r, c).data() for r in range(log.values_model.rowCount())
              for c in range(4)]
    assert "proposed" in values and "accepted" in values  # before and after
    window.lock()
    with Case.open(path, PASSPHRASE) as case:
        assert aq.entries(case, aq.AuditFilter(entity=f"recommendation:{row.id}"))[0] \
            .action == "set recommendation status to accepted"


def test_overdue_recommendations_stand_out(make_window, qtbot, tmp_path):
    window = make_window()
    view = open_view(qtbot, window, demo_copy(tmp_path), "recommendations")
    overdue = [r for r in view.rows if r.overdue]
    assert overdue and f"{len(overdue)} overdue" in view.subtitle.text()
    cells = [view.model.item(g, 0).child(i, 3) for g in range(view.model.rowCount())
             for i in range(view.model.item(g, 0).rowCount())]
    marked = [c for c in cells if c.text().startswith("⚠") and c.toolTip() == "OVERDUE"]
    assert len(marked) == len(overdue)


def test_grievance_register_counts_and_filters(make_window, qtbot, tmp_path, qtmodeltester):
    window = make_window()
    view = open_view(qtbot, window, demo_copy(tmp_path), "grievances")
    assert isinstance(view, GrievancesView)
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == 8
    assert sum(view.chart.per_month[m].get("water", 0) for m in view.chart.per_month) == 2
    view.channel.setCurrentIndex(view.channel.findData("línea en quechua (Yaku Rimay)"))
    assert view.model.rowCount() == 2
    shown = [view.model.index(r, 6).data() for r in range(view.model.rowCount())]
    assert any("Kanalpi" in t or "Llaqtamasikunaqa" in t for t in shown)  # Quechua text
    view.text.setText("MASA-Q-2020")
    assert view.model.rowCount() == 1


def test_audit_log_filters_and_broken_chain_banner(make_window, qtbot, tmp_path,
                                                  qtmodeltester):
    path = demo_copy(tmp_path)
    with Case.open(path, PASSPHRASE) as case:
        case.raw_execute("UPDATE audit_entry SET action = 'tampered' WHERE seq = 5")
    window = make_window()
    view = open_view(qtbot, window, path, "audit")
    assert isinstance(view, AuditLogView)
    qtmodeltester.check(view.model)
    assert view.banner.isVisibleTo(view) and "audit entry 5" in view.banner.text()
    total = view.model.rowCount()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.entity.setCurrentIndex(view.entity.findData("grievance"))
    assert 0 < view.model.rowCount() < total
    assert all(any(k.startswith("grievance:") for k in r.entities) for r in view.model.rows)


def test_right_to_left_and_quechua_text_is_shown_as_stored(make_window, qtbot, tmp_path):
    path = demo_copy(tmp_path)
    arabic = "شكوى بشأن المياه في القناة"
    with Case.open(path, PASSPHRASE) as case:
        from workbench.services import action_plan

        action_plan.add_grievance(case, reference="AR-1", received_on="2019-09-01",
                                  channel="correo", language="ar", category="water",
                                  description=arabic)
    window = make_window()
    view = open_view(qtbot, window, path, "grievances")
    view.text.setText("AR-1")
    assert view.model.rowCount() == 1 and view.model.index(0, 6).data() == arabic
    view.table.selectRow(0)
    assert arabic in view.detail.toPlainText()
    assert window.inspector.current_widget() is view.detail
