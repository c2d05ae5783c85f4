"""Build the report model from a case, with the publication policy applied.

Every text that reaches the model goes through the policy (``policy.text``, ``note``,
``actor_label``, ``place_label``, ``excerpt``, ``evidence_allowed``); renderers then see
only the model (exports/model.py).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    CaseInfo,
    CustodyEntry,
    EventActor,
    Evidence,
    EvidenceEvent,
    Excerpt,
    ExcerptEvent,
    Finding,
    FindingEvent,
    FindingEvidence,
    FindingExcerpt,
    FindingStandard,
    Grievance,
    Interview,
    Interviewee,
    ProgressNote,
    Recommendation,
    RecommendationFinding,
    Standard,
    StatusChange,
)
from exports import i18n
from exports.model import (
    Account,
    ChronologyEntry,
    ContestedFact,
    Count,
    CustodyStep,
    EvidenceEntry,
    FindingEntry,
    GrievanceEntry,
    GrievanceStats,
    Methodology,
    Photo,
    RecommendationEntry,
    Report,
    SourceRef,
    StatusStep,
)
from workbench import dates
from workbench.case import Case
from workbench.publication import prepared
from workbench.publication.policy import ExcerptDecision, Policy, make_policy
from workbench.services.events import timeline

ProgressCallback = Callable[[str], None]
CancelCheck = Callable[[], bool]


def show_date(text: str, lang: str) -> str:
    try:
        return dates.display(text, lang) if text else ""
    except dates.DateError:
        return text


def _counts(values: Iterable[str], *, sort_by_label: bool = False) -> tuple[Count, ...]:
    counter = Counter(v or "—" for v in values)
    items = sorted(counter.items()) if sort_by_label else \
        sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(Count(k, n) for k, n in items)


class _Builder:
    def __init__(self, session: Session, policy: Policy, with_photos: bool,
                 cancelled: CancelCheck | None = None) -> None:
        self.cancelled = cancelled or (lambda: False)
        self.s = session
        self.p = policy
        self.lang = policy.lang
        self.with_photos = with_photos
        self.excerpts = {x.id: x for x in session.scalars(select(Excerpt))}
        self.decisions: dict[int, ExcerptDecision] = {}
        self.evidence = {e.id: e for e in session.scalars(select(Evidence).order_by(Evidence.id))}
        self.allowed_evidence = {i for i, e in self.evidence.items()
                                 if self.p.evidence_allowed(e)}
        self.event_refs: dict[int, str] = {}
        self.made: list[prepared.PreparedCopy] = []

    def decision(self, excerpt_id: int) -> ExcerptDecision:
        if excerpt_id not in self.decisions:
            self.decisions[excerpt_id] = self.p.excerpt(self.excerpts[excerpt_id])
        return self.decisions[excerpt_id]

    def account(self, excerpt_id: int, stance: str) -> Account | None:
        d = self.decision(excerpt_id)
        if not d.allowed:
            return None
        x = self.excerpts[excerpt_id]
        return Account(self.p.text(d.source), self.p.text(x.text), self.p.text(x.translation),
                       stance)

    # -- sections ---------------------------------------------------------------------

    def chronology(self) -> tuple[list[ChronologyEntry], list[ContestedFact]]:
        roles: dict[int, list[EventActor]] = {}
        for link in self.s.scalars(select(EventActor).order_by(EventActor.id)):
            roles.setdefault(link.event_id, []).append(link)
        x_links: dict[int, list[ExcerptEvent]] = {}
        for xl in self.s.scalars(select(ExcerptEvent).order_by(ExcerptEvent.id)):
            x_links.setdefault(xl.event_id, []).append(xl)
        e_links: dict[int, list[EvidenceEvent]] = {}
        for el in self.s.scalars(select(EvidenceEvent).order_by(EvidenceEvent.id)):
            e_links.setdefault(el.event_id, []).append(el)
        entries: list[ChronologyEntry] = []
        contested: list[ContestedFact] = []
        for event in timeline(self.s):
            sources: list[SourceRef] = []
            accounts: list[Account] = []
            by_withheld = False
            for xl in x_links.get(event.id, []):
                d = self.decision(xl.excerpt_id)
                by_withheld |= d.by_withheld
                account = self.account(xl.excerpt_id, xl.stance)
                if account is not None:
                    accounts.append(account)
                    sources.append(SourceRef(account.source, xl.stance))
            for el in e_links.get(event.id, []):
                if el.evidence_id in self.allowed_evidence:
                    sources.append(SourceRef(self.evidence[el.evidence_id].number, el.stance))
            if self.p.public and by_withheld and not sources:
                self.p.withhold(f"event {event.id}", "only withheld people gave an account "
                                "of it", event.description)
                continue
            ref = f"C-{len(entries) + 1:02d}"
            self.event_refs[event.id] = ref
            labels = [self.p.actor_label(r.actor_id) for r in roles.get(event.id, [])]
            entry = ChronologyEntry(
                ref=ref, when=show_date(event.when, self.lang), notation=event.when,
                earliest=event.when_start, latest=event.when_end,
                approximate="~" in event.when or "%" in event.when,
                uncertain="?" in event.when or "%" in event.when,
                title=self.p.text(event.title), description=self.p.text(event.description),
                status=event.status, place=self.p.text(self.p.place_label(event.place_id)),
                actors=tuple(dict.fromkeys(lbl for lbl in labels if lbl)),
                sources=tuple(dict.fromkeys(sources)),
                internal_notes=self.p.note(event.internal_notes),
            )
            entries.append(entry)
            supporting = tuple(a for a in accounts if a.stance == "supports")
            contradicting = tuple(a for a in accounts if a.stance == "contradicts")
            if event.status == "contested" or (supporting and contradicting):
                contested.append(ContestedFact(ref, entry.when, entry.title, event.status,
                                               supporting, contradicting))
        return entries, contested

    def methodology(self) -> Methodology:
        people: dict[int, list[int]] = {}
        for iv in self.s.scalars(select(Interviewee)):
            people.setdefault(iv.interview_id, []).append(iv.actor_id)
        kept: list[Interview] = []
        for interview in self.s.scalars(select(Interview).order_by(Interview.held_on_start)):
            who = [self.p.actors[a] for a in people.get(interview.id, []) if a in self.p.actors]
            if self.p.public and any(a.protection == "withheld" for a in who):
                self.p.withhold(f"interview {interview.id}", "given by a withheld person: not "
                                "counted in the published methodology")
                continue
            kept.append(interview)
        groups = [self.p.actors[a].stakeholder_group for i in kept
                  for a in people.get(i.id, []) if a in self.p.actors]
        starts = [i.held_on_start for i in kept if i.held_on_start]
        kinds = [e.kind for i, e in self.evidence.items() if i in self.allowed_evidence]
        return Methodology(
            interviews=len(kept), by_group=_counts(groups),
            by_language=_counts(i.language for i in kept),
            by_month=_counts((s[:7] for s in starts), sort_by_label=True),
            by_mode=_counts(i18n.value(self.lang, i.mode) for i in kept),
            first_interview=show_date(min(starts)[:10], self.lang) if starts else "",
            last_interview=show_date(max(starts)[:10], self.lang) if starts else "",
            documents=sum(k == "document" for k in kinds), photos=sum(k == "photo" for k in kinds),
        )

    def findings(self) -> list[FindingEntry]:
        def links(model: Any, column: str) -> dict[int, list[int]]:
            out: dict[int, list[int]] = {}
            for row in self.s.scalars(select(model).order_by(model.id)):
                out.setdefault(row.finding_id, []).append(getattr(row, column))
            return out

        f_events = links(FindingEvent, "event_id")
        f_evidence = links(FindingEvidence, "evidence_id")
        f_standards = links(FindingStandard, "standard_id")
        f_excerpts: dict[int, list[tuple[int, str]]] = {}
        for fx in self.s.scalars(select(FindingExcerpt).order_by(FindingExcerpt.id)):
            f_excerpts.setdefault(fx.finding_id, []).append((fx.excerpt_id, fx.stance))
        standards = {s.id: s for s in self.s.scalars(select(Standard))}
        out = []
        for n, f in enumerate(self.s.scalars(select(Finding).order_by(Finding.id)), 1):
            accounts = [self.account(x, stance) for x, stance in f_excerpts.get(f.id, [])]
            out.append(FindingEntry(
                number=n, title=self.p.text(f.title), statement=self.p.text(f.statement),
                assessment=f.assessment,
                events=tuple(self.event_refs[e] for e in f_events.get(f.id, [])
                             if e in self.event_refs),
                evidence=tuple(self.evidence[e].number
                               for e in f_evidence.get(f.id, []) if e in self.allowed_evidence),
                standards=tuple(f"{standards[s].code}: {standards[s].title}"
                                for s in f_standards.get(f.id, []) if s in standards),
                accounts=tuple(a for a in accounts if a is not None),
                internal_notes=self.p.note(f.internal_notes),
            ))
        return out

    def recommendations(self, finding_numbers: dict[int, int]) -> list[RecommendationEntry]:
        history: dict[int, list[StatusStep]] = {}
        for sc in self.s.scalars(select(StatusChange).order_by(StatusChange.changed_on,
                                                               StatusChange.id)):
            history.setdefault(sc.recommendation_id, []).append(
                StatusStep(sc.changed_on, sc.to_status, self.p.text(sc.note)))
        progress: dict[int, list[StatusStep]] = {}
        for pn in self.s.scalars(select(ProgressNote).order_by(ProgressNote.noted_on,
                                                               ProgressNote.id)):
            progress.setdefault(pn.recommendation_id, []).append(
                StatusStep(pn.noted_on, "", self.p.text(pn.text)))
        linked: dict[int, list[int]] = {}
        for rf in self.s.scalars(select(RecommendationFinding)):
            if rf.finding_id in finding_numbers:
                linked.setdefault(rf.recommendation_id, []).append(finding_numbers[rf.finding_id])
        out = []
        for n, r in enumerate(self.s.scalars(select(Recommendation).order_by(Recommendation.id)),
                              1):
            out.append(RecommendationEntry(
                number=n, title=self.p.text(r.title), text=self.p.text(r.text),
                addressee=self.p.actor_label(r.addressee_actor_id) or "",
                priority=r.priority, status=r.status, due_on=r.due_on,
                findings=tuple(sorted(linked.get(r.id, []))),
                history=tuple(history.get(r.id, [])), progress=tuple(progress.get(r.id, [])),
            ))
        return out

    def grievances(self) -> GrievanceStats:
        rows = list(self.s.scalars(select(Grievance).order_by(Grievance.received_on,
                                                             Grievance.id)))
        entries = tuple(GrievanceEntry(
            reference=g.reference, received_on=g.received_on, channel=g.channel,
            language=g.language, category=g.category, status=g.status,
            outcome=self.p.text(g.outcome),
            description="" if self.p.public else g.description,
        ) for g in rows)
        return GrievanceStats(
            total=len(rows), by_status=_counts(i18n.value(self.lang, g.status) for g in rows),
            by_category=_counts(g.category for g in rows),
            by_channel=_counts(g.channel for g in rows),
            by_language=_counts(g.language for g in rows), entries=entries,
        )

    def evidence_register(self) -> list[EvidenceEntry]:
        custody: dict[int, list[CustodyStep]] = {}
        exports: dict[int, list[str]] = {}
        if not self.p.public:
            for c in self.s.scalars(select(CustodyEntry).order_by(CustodyEntry.id)):
                if c.action == "exported":  # every export adds one: summed up below
                    exports.setdefault(c.evidence_id, []).append(c.at[:19])
                    continue
                custody.setdefault(c.evidence_id, []).append(
                    CustodyStep(c.at[:19], c.action, c.reviewer, c.note))
            for ident, times in exports.items():
                custody.setdefault(ident, []).append(
                    CustodyStep(times[-1], f"exported ({len(times)}x, last)", "", ""))
        out = []
        for ident, e in self.evidence.items():
            if ident not in self.allowed_evidence:
                continue
            location = ""
            if not self.p.public and e.latitude is not None and e.longitude is not None:
                location = f"{e.latitude:.5f}, {e.longitude:.5f}"
            out.append(EvidenceEntry(
                number=e.number, kind=e.kind, title=self.p.text(e.title),
                date=(e.captured_at or e.acquired_on or "")[:16].replace("T", " "),
                sha256=e.sha256, size=e.size, verification=e.verification_status,
                caption=self.p.text(e.caption),
                source="" if self.p.public else e.acquired_from, location=location,
                custody=tuple(custody.get(ident, [])),
                internal_notes=self.p.note(e.internal_notes),
            ))
        return out

    def photos(self) -> list[Photo]:
        """The photos as the export carries them: a copy kept in the case when its recipe
        matches (workbench/publication/prepared.py), else made from the original now and
        listed in ``self.made`` for the caller to keep once the export succeeded."""
        if not self.with_photos:
            return []
        wanted = [e for i, e in self.evidence.items()
                  if e.kind == "photo" and i in self.allowed_evidence]
        out = []
        for e, result, made in prepared.photos_in(self.s, wanted, prepared.regions_in(self.s),
                                                  redact=self.p.public,
                                                  cancelled=self.cancelled):
            if isinstance(result, str):
                self.p.withhold(f"photo {e.number}", f"cannot be decoded ({result})")
                continue
            if made is not None:
                self.made.append(made)
            jpeg, w, h = result
            out.append(Photo(e.number, self.p.text(e.caption or e.title), jpeg, w, h,
                             e.graphic))
        return out


def _summary(lang: str, chronology: list[ChronologyEntry], method: Methodology,
             findings: list[FindingEntry], recs: list[RecommendationEntry],
             grievances: GrievanceStats) -> tuple[str, ...]:
    def lbl(key: str) -> str:
        return i18n.label(lang, key)

    out = []
    dated = [c for c in chronology if c.earliest]
    span = ""
    if dated:
        span = lbl("span").format(first=dated[0].when, last=dated[-1].when)
    out.append(lbl("summary_events").format(n=len(chronology), span=span))
    if method.interviews:
        out.append(lbl("interviews_held").format(n=method.interviews,
                                                  first=method.first_interview,
                                                  last=method.last_interview))
    out.append(lbl("documents_photos").format(docs=method.documents, photos=method.photos))
    if findings:
        counts = Counter(f.assessment for f in findings)
        parts = ", ".join(f"{n} {i18n.value(lang, a)}" for a, n in counts.most_common())
        out.append(lbl("summary_findings").format(n=len(findings), parts=parts))
    if recs:
        done = sum(r.status == "implemented" for r in recs)
        still = sum(r.status in ("proposed", "accepted", "in progress") for r in recs)
        out.append(lbl("summary_recs").format(n=len(recs), done=done, open=still))
    if grievances.total:
        out.append(lbl("summary_grievances").format(n=grievances.total))
    return tuple(out)


def build_in(session: Session, profile: str, lang: str = "en", *, today: str | None = None,
             with_photos: bool = True, progress: ProgressCallback | None = None,
             cancelled: CancelCheck | None = None,
             made: list[prepared.PreparedCopy] | None = None) -> tuple[Report, Policy]:
    """The report model and the policy that shaped it (its withheld list, its guard terms).

    Photos are taken from the copies kept in the case where their recipe matches; the ones
    prepared afresh are appended to ``made``, for the caller to keep (``prepared.keep``)
    once the export succeeded. Building writes nothing."""
    policy = make_policy(session, profile, lang, today)
    info = session.get(CaseInfo, 1)
    assert info is not None
    b = _Builder(session, policy, with_photos, cancelled)
    say = progress or (lambda _s: None)
    say("chronology")
    chronology, contested = b.chronology()
    method = b.methodology()
    say("findings")
    findings = b.findings()
    with session.no_autoflush:
        numbers = {f.id: n for n, f in enumerate(session.scalars(select(Finding)
                                                               .order_by(Finding.id)), 1)}
    recs = b.recommendations(numbers)
    grievances = b.grievances()
    evidence = b.evidence_register()
    say("photos")
    photos = b.photos()
    if made is not None:
        made.extend(b.made)
    classification = info.classification if profile == "confidential" else "PUBLIC"
    report = Report(
        profile=profile, lang=lang, title=policy.text(info.title), reference=info.reference,
        classification=classification,
        generated_on=policy.today or dt.date.today().isoformat(),
        period=show_date(info.period, lang), mandate=policy.text(info.mandate),
        scope=policy.text(info.scope), is_demo=info.is_demo,
        summary=_summary(lang, chronology, method, findings, recs, grievances),
        methodology=method, chronology=tuple(chronology), contested=tuple(contested),
        findings=tuple(findings), recommendations=tuple(recs), grievances=grievances,
        evidence=tuple(evidence), photos=tuple(photos),
    )
    return report, policy


def build_report(case: Case, profile: str, lang: str = "en", **options: object
                 ) -> tuple[Report, Policy]:
    with case.read() as session:
        return build_in(session, profile, lang, **options)  # type: ignore[arg-type]


__all__ = ["build_in", "build_report", "show_date"]
