"""The case itself, its reviewers, tags, the standards catalogue and the audit log."""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base


class CaseInfo(Base):
    """One row: what this review is."""

    __tablename__ = "case_info"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    reference: Mapped[str] = mapped_column(String(100), default="")
    mandate: Mapped[str] = mapped_column(Text, default="")
    scope: Mapped[str] = mapped_column(Text, default="")
    period: Mapped[str] = mapped_column(String(100), default="")  # a date form, e.g. 2018/2020
    languages: Mapped[str] = mapped_column(String(200), default="")  # comma list: es,qu,en
    classification: Mapped[str] = mapped_column(String(50), default="CONFIDENTIAL")
    created_at: Mapped[str] = mapped_column(String(40))
    is_demo: Mapped[bool] = mapped_column(default=False)


class Reviewer(Base):
    __tablename__ = "reviewer"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(100), default="")


class Tag(Base):
    __tablename__ = "tag"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class Standard(Base):
    """A provision a finding can engage: UNGP 22, VPSHR 'Interactions between companies and
    public security', a national law article. Seeded from resources/, extendable."""

    __tablename__ = "standard"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)  # "UNGP 22", "VPSHR PS-3"
    framework: Mapped[str] = mapped_column(String(60))  # "UNGP", "VPSHR", "national law"
    title: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    """One write: who, when, what, the rows before and after, chained by SHA-256."""

    __tablename__ = "audit_entry"
    __audited__ = False
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    reviewer: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(200))
    # JSON: {"table:id": {"before": {...} | null, "after": {...} | null}, ...}
    changes: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
