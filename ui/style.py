"""The look of the window: Fusion with a calm light palette and one style sheet.

Kept in code (not a .qss resource) so that it travels with the widgets' object names.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#1f4e79"
TEXT = "#1d232b"
MUTED = "#5b6573"
LINE = "#d9dee5"
SURFACE = "#f6f7f9"

STYLE_SHEET = f"""
QMainWindow, #workspace {{ background: {SURFACE}; }}
#navigator {{
    background: #eceff3; border: none; border-right: 1px solid {LINE};
    padding-top: 8px; font-size: 10.5pt; outline: 0;
}}
#navigator::item {{ padding: 7px 16px; margin: 1px 6px; border-radius: 4px; color: {TEXT}; }}
#navigator::item:selected {{ background: {ACCENT}; color: white; }}
#navigator::item:hover:!selected {{ background: #dfe4ea; }}
#navigatorHeading {{
    color: {MUTED}; font-size: 8.5pt; font-weight: 600;
    padding: 14px 22px 4px 22px; background: #eceff3;
}}
#viewHeader {{ background: white; border-bottom: 1px solid {LINE}; }}
#caseTitle {{ font-size: 17pt; font-weight: 600; color: {TEXT}; }}
#caseSubtitle {{ color: {MUTED}; font-size: 9.5pt; }}
#demoBadge {{
    background: #fff4d6; color: #7a5200; border: 1px solid #e8c46a; border-radius: 4px;
    padding: 3px 10px; font-weight: 700; font-size: 8.5pt;
}}
#sectionTitle {{
    color: {MUTED}; font-size: 9pt; font-weight: 700;
    padding-bottom: 4px;
}}
#tile {{ background: white; border: 1px solid {LINE}; border-radius: 6px; }}
QLabel[role="tileNumber"] {{ font-size: 18pt; font-weight: 600; color: {ACCENT}; }}
QLabel[role="tileCaption"] {{ color: {MUTED}; font-size: 9pt; }}
#recentActivity {{
    background: white; border: 1px solid {LINE}; border-radius: 6px;
    alternate-background-color: #f8f9fb;
}}
QHeaderView::section {{
    background: white; color: {MUTED}; border: none; border-bottom: 1px solid {LINE};
    padding: 6px 4px; font-weight: 600;
}}
#unlockScreen {{ background: {SURFACE}; }}
#card {{ background: white; border: 1px solid {LINE}; border-radius: 8px; }}
#appHeading {{ font-size: 16pt; font-weight: 600; color: {TEXT}; }}
#tagline, #note {{ color: {MUTED}; }}
#errorLine {{ color: #b3261e; font-weight: 600; }}
#busy {{ color: {MUTED}; }}
#strength {{ color: {MUTED}; font-size: 9pt; }}
#strength[level="weak"] {{ color: #b3261e; }}
#strength[level="fair"] {{ color: #8a5a00; }}
#strength[level="strong"] {{ color: #1e6b34; }}
QPushButton#primary {{
    background: {ACCENT}; color: white; border: 1px solid {ACCENT}; border-radius: 4px;
    padding: 6px 18px; font-weight: 600;
}}
QPushButton#primary:disabled {{ background: #9fb3c8; border-color: #9fb3c8; }}
QLineEdit {{ padding: 5px 6px; border: 1px solid #c3cad3; border-radius: 4px; background: white; }}
QLineEdit:focus {{ border-color: {ACCENT}; }}
QTabWidget::pane {{ border: 1px solid {LINE}; border-radius: 4px; top: -1px; background: white; }}
QTabBar::tab {{
    padding: 6px 16px; margin-right: 2px; color: {MUTED}; background: {SURFACE};
    border: 1px solid {LINE}; border-bottom: none;
    border-top-left-radius: 4px; border-top-right-radius: 4px;
}}
QTabBar::tab:selected {{ background: white; color: {TEXT}; font-weight: 600; }}
QStatusBar {{ background: #eceff3; border-top: 1px solid {LINE}; color: {MUTED}; }}
QStatusBar QLabel {{ color: {MUTED}; padding: 0 8px; }}
"""


def apply(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Base, QColor("white"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f8f9fb"))
    palette.setColor(QPalette.ColorRole.Text, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Button, QColor("#f1f3f5"))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    app.setPalette(palette)
    font = QFont(app.font())
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)
