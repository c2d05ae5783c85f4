"""A case full of protected witnesses, for the publication tests (real services, real photos).

Names are accented, multi-word and mixed-case; aliases occur inside quoted excerpts,
captions, event texts, findings and progress notes; two real JPEGs with GPS EXIF carry a
fill and a blur redaction region.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests import factories
from tests.conftest import CORPORA
from workbench.services import action_plan, events, evidence, interviews

# name, aliases, protection
PEOPLE = [
    ("José María Núñez-Ávila", ["Chema", "Don José María"], "pseudonymous"),
    ("Rosa Quispe Mamani", ["Mama Rosa", "Doña Rosa"], "withheld"),
    ("Ñusta Q'ori Huamán", ["la Ñusta"], "pseudonymous"),
    ("MARÍA DEL CARMEN O'Brien", ["Carmencita"], "pseudonymous"),
    ("Wilber Ccori Apaza", ["Wilber Ccori"], "pseudonymous"),
    ("Teodoro Huamán Condori", ["Don Teodoro", "Teo"], "withheld"),
]
ROSA_SECRET = "the guards came to my house at night and told me to stop talking about the canal"
WITHDRAWN = "I saw the second truck leave the plant with its lights off around midnight"


@dataclass
class Built:
    names: list[str] = field(default_factory=list)  # every protected spelling
    actors: dict[str, int] = field(default_factory=dict)
    photos: dict[str, int] = field(default_factory=dict)  # "fill"/"blur" -> evidence id
    regions: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)


def photo_bytes(filename: str) -> bytes:
    """A real camera JPEG with GPS from the shared corpora, or (without them) a detailed
    picture saved with camera and GPS EXIF, so these tests never skip."""
    path = CORPORA / "exif-samples" / "jpg" / "gps" / filename
    if path.exists():
        return path.read_bytes()
    import io
    import random

    from PIL import Image, ImageDraw

    rng = random.Random(filename)
    image = Image.effect_noise((640, 480), 60).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(80):
        x, y = rng.randrange(640), rng.randrange(480)
        draw.rectangle((x, y, x + rng.randrange(5, 60), y + rng.randrange(5, 60)),
                       fill=tuple(rng.randrange(256) for _ in range(3)))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "NIKON", "COOLPIX P6000"
    exif.get_ifd(0x8825).update({1: "N", 2: (43.0, 28.0, 1.9), 3: "E", 4: (11.0, 52.0, 47.7)})
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def build(case) -> Built:
    from workbench.importers.photos import import_photo

    b = Built()
    for name, aliases, protection in PEOPLE:
        b.actors[name] = factories.actor(case, name, aliases=aliases, protection=protection,
                                         stakeholder_group="affected community",
                                         contact_notes=f"Phone of {name}: +51 999 000 111")
        b.names += [name, *aliases]
    company = factories.actor(case, "Minera Antawayra S.A.", kind="organisation",
                              protection="public", stakeholder_group="company")
    jose, rosa, _nusta, maria, _wilber, _teo = (b.actors[p[0]] for p in PEOPLE)
    place = factories.place(case, "Casa de la familia Ccori", admin_area="distrito de Antawayra",
                            sensitive=True, latitude=-14.20512, longitude=-71.41218)
    e1 = factories.event(case, "Dispersal at the bridge", when="2018-04-03T14:00/2018-04-03T15:00",
                         description="jose maria nunez avila and DOÑA ROSA saw the police; "
                                     "\"Chema\" ran. Wilber  Ccori\nApaza was detained.",
                         place_id=place, status="contested",
                         roles=[events.Role(jose, "witness"), events.Role(rosa, "witness"),
                                events.Role(company, "alleged perpetrator")],
                         internal_notes="Carmencita may be at risk; do not publish.")
    e2 = factories.event(case, "Canal turns brown", when="2018-12~",
                         description="Seen by la ñusta and by teo.")
    e3 = factories.event(case, "Threats at night", when="2019-06/2019-08",
                         description="Reported privately.")
    # Interviews: quotable (anonymous), withheld speaker, consent withdrawn.
    text1 = ("Chema said: 'I ran when they fired.' La Ñusta, with Carmencita, "
             "saw the shots at the bridge from the hill above the road.")
    iv1 = factories.interview(case, notes_text=text1, interviewee_ids=[jose],
                              language="es", held_on="2019-05-14",
                              consent=interviews.Consent.parse("notes,internal,anonymous-quotes"))
    x1 = factories.excerpt(case, iv1, text=text1)
    events.link_excerpt(case, x1, e1, "supports")
    iv2 = factories.interview(case, notes_text=f"She said {ROSA_SECRET}.", interviewee_ids=[rosa],
                              language="qu", held_on="2019-07-02",
                              consent=interviews.Consent.parse("notes,internal,anonymous-quotes"))
    x2 = factories.excerpt(case, iv2, text=ROSA_SECRET)
    events.link_excerpt(case, x2, e3, "supports")
    iv3 = factories.interview(case, notes_text=WITHDRAWN, interviewee_ids=[maria],
                              language="es", held_on="2019-05-20",
                              consent=interviews.Consent.parse("notes,anonymous-quotes"))
    x3 = factories.excerpt(case, iv3, text=WITHDRAWN)
    events.link_excerpt(case, x3, e2, "contradicts")
    with case.read() as session:
        from sqlalchemy import select

        from db.models import ConsentRecord

        consent_id = session.scalar(select(ConsentRecord.id).where(
            ConsentRecord.interview_id == iv3))
    interviews.withdraw_consent(case, consent_id, "2019-09-01", ["anonymous-quotes"])
    # Photos: real JPEGs with GPS EXIF, one fill and one blur region.
    for style, filename, region in (("fill", "DSCN0010.jpg", (0.30, 0.25, 0.30, 0.35)),
                                    ("blur", "DSCN0012.jpg", (0.10, 0.40, 0.45, 0.30))):
        result = import_photo(case, filename, photo_bytes(filename))
        ident = result.ids["evidence"][0]
        from db.models import Evidence
        from workbench.services.common import update

        update(case, Evidence, ident, "describe photo", publishable=True,
               caption=f"Photo by Wilber Ccori of the bridge ({style}); Don Teodoro in front.",
               internal_notes="Taken from José María Núñez-Ávila's phone.")
        evidence.add_redaction(case, ident, *region, style=style)
        evidence.link_event(case, ident, e1, "supports")
        b.photos[style] = ident
        b.regions[style] = region
    hidden = factories.evidence_item(case, caption="Unpublishable memo naming Chema.")
    factories.finding(case, "Force used against Chema and others",
                      statement="The panel finds that José María NÚÑEZ ÁVILA and la Ñusta were "
                                "fired upon; Doña Rosa was threatened.",
                      assessment="established", event_ids=[e1, e2], excerpt_ids=[x1, x2],
                      evidence_ids=[b.photos["fill"], hidden])
    rec = factories.recommendation(case, "Protect Wilber Ccori and other witnesses",
                                   text="Ensure the safety of Carmencita and teo.",
                                   addressee_actor_id=company)
    action_plan.add_progress_note(case, rec, "Met Wilber Ccori Apaza's family.")
    factories.allegation(case, "Ill-treatment of Wilber Ccori", text="Wilber was beaten.",
                         party_actor_id=company, put_on="2019-08-01",
                         response_due="2019-09-01")
    factories.grievance(case, description="Complaint by Mama Rosa", category="water",
                        channel="phone", language="qu", status="open",
                        outcome="Referred; Carmencita informed.")
    return b
