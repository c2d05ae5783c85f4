"""initial schema: every entity of the review

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('actor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('aliases', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('stakeholder_group', sa.String(length=100), nullable=False),
    sa.Column('contact_notes', sa.Text(), nullable=False),
    sa.Column('protection', sa.String(length=20), nullable=False),
    sa.Column('pseudonym', sa.String(length=20), nullable=False),
    sa.CheckConstraint("kind IN ('person', 'group', 'organisation', 'institution')", name=op.f('ck_actor_kind')),
    sa.CheckConstraint("protection IN ('public', 'pseudonymous', 'withheld')", name=op.f('ck_actor_protection')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actor')),
    sa.UniqueConstraint('pseudonym', name=op.f('uq_actor_pseudonym'))
    )
    op.create_table('audit_entry',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('at', sa.String(length=40), nullable=False),
    sa.Column('reviewer', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=200), nullable=False),
    sa.Column('changes', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_audit_entry'))
    )
    op.create_table('case_info',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=False),
    sa.Column('mandate', sa.Text(), nullable=False),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('period', sa.String(length=100), nullable=False),
    sa.Column('languages', sa.String(length=200), nullable=False),
    sa.Column('classification', sa.String(length=50), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_info'))
    )
    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('original_name', sa.String(length=500), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('acquired_from', sa.String(length=300), nullable=False),
    sa.Column('acquired_on', sa.String(length=40), nullable=False),
    sa.Column('acquired_how', sa.String(length=300), nullable=False),
    sa.Column('captured_at', sa.String(length=40), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('altitude', sa.Float(), nullable=True),
    sa.Column('camera_make', sa.String(length=200), nullable=False),
    sa.Column('camera_model', sa.String(length=200), nullable=False),
    sa.Column('orientation', sa.Integer(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('metadata_json', sa.Text(), nullable=False),
    sa.Column('metadata_notes', sa.Text(), nullable=False),
    sa.Column('extracted_text', sa.Text(), nullable=False),
    sa.Column('caption', sa.Text(), nullable=False),
    sa.Column('verification_status', sa.String(length=20), nullable=False),
    sa.Column('verification_notes', sa.Text(), nullable=False),
    sa.Column('publishable', sa.Boolean(), nullable=False),
    sa.Column('graphic', sa.Boolean(), nullable=False),
    sa.Column('internal_notes', sa.Text(), nullable=False),
    sa.Column('derived_from_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('photo', 'document', 'audio', 'video', 'link', 'other')", name=op.f('ck_evidence_kind')),
    sa.CheckConstraint("verification_status IN ('unverified', 'verified', 'disputed', 'unverifiable')", name=op.f('ck_evidence_verification')),
    sa.ForeignKeyConstraint(['derived_from_id'], ['evidence.id'], name=op.f('fk_evidence_derived_from_id_evidence'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence')),
    sa.UniqueConstraint('number', name=op.f('uq_evidence_number'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_sha256'), ['sha256'], unique=False)

    op.create_table('finding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('assessment', sa.String(length=40), nullable=False),
    sa.Column('internal_notes', sa.Text(), nullable=False),
    sa.CheckConstraint("assessment IN ('established', 'reasonable grounds to believe', 'not substantiated', 'inconclusive')", name=op.f('ck_finding_assessment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding'))
    )
    op.create_table('place',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('admin_area', sa.String(length=300), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('precision', sa.String(length=20), nullable=False),
    sa.Column('sensitive', sa.Boolean(), nullable=False),
    sa.CheckConstraint("precision IN ('exact', 'vicinity', 'locality', 'region')", name=op.f('ck_place_precision')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_place'))
    )
    op.create_table('reviewer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviewer')),
    sa.UniqueConstraint('name', name=op.f('uq_reviewer_name'))
    )
    op.create_table('standard',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('framework', sa.String(length=60), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_standard')),
    sa.UniqueConstraint('code', name=op.f('uq_standard_code'))
    )
    op.create_table('tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tag')),
    sa.UniqueConstraint('name', name=op.f('uq_tag_name'))
    )
    op.create_table('allegation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('party_actor_id', sa.Integer(), nullable=True),
    sa.Column('put_on', sa.String(length=40), nullable=False),
    sa.Column('response_due', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['party_actor_id'], ['actor.id'], name=op.f('fk_allegation_party_actor_id_actor'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allegation'))
    )
    op.create_table('custody_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evidence_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.String(length=40), nullable=False),
    sa.Column('reviewer', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=100), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id'], name=op.f('fk_custody_entry_evidence_id_evidence'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_custody_entry'))
    )
    with op.batch_alter_table('custody_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_custody_entry_evidence_id'), ['evidence_id'], unique=False)

    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=False),
    sa.Column('when', sa.String(length=100), nullable=False),
    sa.Column('when_start', sa.String(length=40), nullable=True),
    sa.Column('when_end', sa.String(length=40), nullable=True),
    sa.Column('place_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('internal_notes', sa.Text(), nullable=False),
    sa.CheckConstraint("status IN ('alleged', 'corroborated', 'contested', 'established', 'refuted')", name=op.f('ck_event_status')),
    sa.ForeignKeyConstraint(['place_id'], ['place.id'], name=op.f('fk_event_place_id_place'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event'))
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_when_start'), ['when_start'], unique=False)

    op.create_table('evidence_blob',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evidence_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.CheckConstraint("role IN ('original', 'thumbnail')", name=op.f('ck_evidence_blob_role')),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id'], name=op.f('fk_evidence_blob_evidence_id_evidence'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_blob'))
    )
    with op.batch_alter_table('evidence_blob', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_blob_evidence_id'), ['evidence_id'], unique=False)

    op.create_table('finding_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('evidence_id', sa.Integer(), nullable=False),
    sa.Column('stance', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id'], name=op.f('fk_finding_evidence_evidence_id_evidence'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], name=op.f('fk_finding_evidence_finding_id_finding'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding_evidence'))
    )
    with op.batch_alter_table('finding_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_evidence_evidence_id'), ['evidence_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_finding_evidence_finding_id'), ['finding_id'], unique=False)

    op.create_table('finding_standard',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], name=op.f('fk_finding_standard_finding_id_finding'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['standard_id'], ['standard.id'], name=op.f('fk_finding_standard_standard_id_standard'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding_standard'))
    )
    with op.batch_alter_table('finding_standard', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_standard_finding_id'), ['finding_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_finding_standard_standard_id'), ['standard_id'], unique=False)

    op.create_table('grievance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=False),
    sa.Column('received_on', sa.String(length=40), nullable=False),
    sa.Column('channel', sa.String(length=100), nullable=False),
    sa.Column('language', sa.String(length=60), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('complainant_actor_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['complainant_actor_id'], ['actor.id'], name=op.f('fk_grievance_complainant_actor_id_actor'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grievance'))
    )
    op.create_table('interview',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('interviewer', sa.String(length=300), nullable=False),
    sa.Column('held_on', sa.String(length=100), nullable=False),
    sa.Column('held_on_start', sa.String(length=40), nullable=True),
    sa.Column('place_id', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=60), nullable=False),
    sa.Column('interpreter', sa.String(length=300), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('notes_text', sa.Text(), nullable=False),
    sa.Column('translation_text', sa.Text(), nullable=False),
    sa.Column('extra_metadata', sa.Text(), nullable=False),
    sa.Column('internal_notes', sa.Text(), nullable=False),
    sa.Column('source_evidence_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['place_id'], ['place.id'], name=op.f('fk_interview_place_id_place'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_evidence_id'], ['evidence.id'], name=op.f('fk_interview_source_evidence_id_evidence'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interview'))
    )
    with op.batch_alter_table('interview', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interview_held_on_start'), ['held_on_start'], unique=False)

    op.create_table('recommendation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('addressee_actor_id', sa.Integer(), nullable=True),
    sa.Column('priority', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('due_on', sa.String(length=40), nullable=False),
    sa.CheckConstraint("priority IN ('high', 'medium', 'low')", name=op.f('ck_recommendation_priority')),
    sa.CheckConstraint("status IN ('proposed', 'accepted', 'in progress', 'implemented', 'rejected')", name=op.f('ck_recommendation_status')),
    sa.ForeignKeyConstraint(['addressee_actor_id'], ['actor.id'], name=op.f('fk_recommendation_addressee_actor_id_actor'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation'))
    )
    op.create_table('redaction_region',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evidence_id', sa.Integer(), nullable=False),
    sa.Column('x', sa.Float(), nullable=False),
    sa.Column('y', sa.Float(), nullable=False),
    sa.Column('w', sa.Float(), nullable=False),
    sa.Column('h', sa.Float(), nullable=False),
    sa.Column('style', sa.String(length=10), nullable=False),
    sa.CheckConstraint("style IN ('fill', 'blur')", name=op.f('ck_redaction_region_style')),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id'], name=op.f('fk_redaction_region_evidence_id_evidence'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_redaction_region'))
    )
    with op.batch_alter_table('redaction_region', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_redaction_region_evidence_id'), ['evidence_id'], unique=False)

    op.create_table('consent_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interview_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Boolean(), nullable=False),
    sa.Column('internal', sa.Boolean(), nullable=False),
    sa.Column('anonymous_quotes', sa.Boolean(), nullable=False),
    sa.Column('named', sa.Boolean(), nullable=False),
    sa.Column('photos', sa.Boolean(), nullable=False),
    sa.Column('given_how', sa.String(length=100), nullable=False),
    sa.Column('given_on', sa.String(length=40), nullable=False),
    sa.Column('obtained_by', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actor.id'], name=op.f('fk_consent_record_actor_id_actor'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['interview_id'], ['interview.id'], name=op.f('fk_consent_record_interview_id_interview'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_record'))
    )
    with op.batch_alter_table('consent_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_record_interview_id'), ['interview_id'], unique=False)

    op.create_table('event_actor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=50), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actor.id'], name=op.f('fk_event_actor_actor_id_actor'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_actor_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_actor'))
    )
    with op.batch_alter_table('event_actor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_actor_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_actor_event_id'), ['event_id'], unique=False)

    op.create_table('event_tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_tag_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tag.id'], name=op.f('fk_event_tag_tag_id_tag'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_tag'))
    )
    with op.batch_alter_table('event_tag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_tag_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_tag_tag_id'), ['tag_id'], unique=False)

    op.create_table('evidence_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evidence_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('stance', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_evidence_event_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id'], name=op.f('fk_evidence_event_evidence_id_evidence'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_event'))
    )
    with op.batch_alter_table('evidence_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_event_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_event_evidence_id'), ['evidence_id'], unique=False)

    op.create_table('excerpt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interview_id', sa.Integer(), nullable=True),
    sa.Column('evidence_id', sa.Integer(), nullable=True),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('translation', sa.Text(), nullable=False),
    sa.CheckConstraint('(interview_id IS NOT NULL) <> (evidence_id IS NOT NULL)', name=op.f('ck_excerpt_one_source')),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id'], name=op.f('fk_excerpt_evidence_id_evidence'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['interview_id'], ['interview.id'], name=op.f('fk_excerpt_interview_id_interview'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_excerpt'))
    )
    with op.batch_alter_table('excerpt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_excerpt_evidence_id'), ['evidence_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_excerpt_interview_id'), ['interview_id'], unique=False)

    op.create_table('finding_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_finding_event_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], name=op.f('fk_finding_event_finding_id_finding'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding_event'))
    )
    with op.batch_alter_table('finding_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_event_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_finding_event_finding_id'), ['finding_id'], unique=False)

    op.create_table('grievance_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('grievance_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_grievance_event_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['grievance_id'], ['grievance.id'], name=op.f('fk_grievance_event_grievance_id_grievance'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grievance_event'))
    )
    with op.batch_alter_table('grievance_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grievance_event_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_grievance_event_grievance_id'), ['grievance_id'], unique=False)

    op.create_table('interviewee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interview_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actor.id'], name=op.f('fk_interviewee_actor_id_actor'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['interview_id'], ['interview.id'], name=op.f('fk_interviewee_interview_id_interview'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interviewee'))
    )
    with op.batch_alter_table('interviewee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interviewee_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interviewee_interview_id'), ['interview_id'], unique=False)

    op.create_table('progress_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('noted_on', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_progress_note_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_note'))
    )
    with op.batch_alter_table('progress_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_note_recommendation_id'), ['recommendation_id'], unique=False)

    op.create_table('recommendation_finding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], name=op.f('fk_recommendation_finding_finding_id_finding'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_recommendation_finding_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation_finding'))
    )
    with op.batch_alter_table('recommendation_finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_finding_finding_id'), ['finding_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recommendation_finding_recommendation_id'), ['recommendation_id'], unique=False)

    op.create_table('response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('allegation_id', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.String(length=40), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('letter_evidence_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['allegation_id'], ['allegation.id'], name=op.f('fk_response_allegation_id_allegation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['letter_evidence_id'], ['evidence.id'], name=op.f('fk_response_letter_evidence_id_evidence'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_response'))
    )
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_response_allegation_id'), ['allegation_id'], unique=False)

    op.create_table('status_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('changed_on', sa.String(length=40), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=False),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_status_change_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_change'))
    )
    with op.batch_alter_table('status_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_change_recommendation_id'), ['recommendation_id'], unique=False)

    op.create_table('consent_withdrawal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consent_id', sa.Integer(), nullable=False),
    sa.Column('withdrawn_on', sa.String(length=40), nullable=False),
    sa.Column('scopes', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['consent_id'], ['consent_record.id'], name=op.f('fk_consent_withdrawal_consent_id_consent_record'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_withdrawal'))
    )
    with op.batch_alter_table('consent_withdrawal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_withdrawal_consent_id'), ['consent_id'], unique=False)

    op.create_table('excerpt_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('excerpt_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('stance', sa.String(length=20), nullable=False),
    sa.CheckConstraint("stance IN ('supports', 'contradicts', 'context')", name=op.f('ck_excerpt_event_stance')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_excerpt_event_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['excerpt_id'], ['excerpt.id'], name=op.f('fk_excerpt_event_excerpt_id_excerpt'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_excerpt_event'))
    )
    with op.batch_alter_table('excerpt_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_excerpt_event_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_excerpt_event_excerpt_id'), ['excerpt_id'], unique=False)

    op.create_table('finding_excerpt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('excerpt_id', sa.Integer(), nullable=False),
    sa.Column('stance', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['excerpt_id'], ['excerpt.id'], name=op.f('fk_finding_excerpt_excerpt_id_excerpt'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], name=op.f('fk_finding_excerpt_finding_id_finding'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding_excerpt'))
    )
    with op.batch_alter_table('finding_excerpt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_excerpt_excerpt_id'), ['excerpt_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_finding_excerpt_finding_id'), ['finding_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('finding_excerpt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_excerpt_finding_id'))
        batch_op.drop_index(batch_op.f('ix_finding_excerpt_excerpt_id'))

    op.drop_table('finding_excerpt')
    with op.batch_alter_table('excerpt_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_excerpt_event_excerpt_id'))
        batch_op.drop_index(batch_op.f('ix_excerpt_event_event_id'))

    op.drop_table('excerpt_event')
    with op.batch_alter_table('consent_withdrawal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_withdrawal_consent_id'))

    op.drop_table('consent_withdrawal')
    with op.batch_alter_table('status_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_change_recommendation_id'))

    op.drop_table('status_change')
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_response_allegation_id'))

    op.drop_table('response')
    with op.batch_alter_table('recommendation_finding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_finding_recommendation_id'))
        batch_op.drop_index(batch_op.f('ix_recommendation_finding_finding_id'))

    op.drop_table('recommendation_finding')
    with op.batch_alter_table('progress_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_note_recommendation_id'))

    op.drop_table('progress_note')
    with op.batch_alter_table('interviewee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interviewee_interview_id'))
        batch_op.drop_index(batch_op.f('ix_interviewee_actor_id'))

    op.drop_table('interviewee')
    with op.batch_alter_table('grievance_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grievance_event_grievance_id'))
        batch_op.drop_index(batch_op.f('ix_grievance_event_event_id'))

    op.drop_table('grievance_event')
    with op.batch_alter_table('finding_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_event_finding_id'))
        batch_op.drop_index(batch_op.f('ix_finding_event_event_id'))

    op.drop_table('finding_event')
    with op.batch_alter_table('excerpt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_excerpt_interview_id'))
        batch_op.drop_index(batch_op.f('ix_excerpt_evidence_id'))

    op.drop_table('excerpt')
    with op.batch_alter_table('evidence_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_event_evidence_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_event_event_id'))

    op.drop_table('evidence_event')
    with op.batch_alter_table('event_tag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_tag_tag_id'))
        batch_op.drop_index(batch_op.f('ix_event_tag_event_id'))

    op.drop_table('event_tag')
    with op.batch_alter_table('event_actor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_actor_event_id'))
        batch_op.drop_index(batch_op.f('ix_event_actor_actor_id'))

    op.drop_table('event_actor')
    with op.batch_alter_table('consent_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_record_interview_id'))

    op.drop_table('consent_record')
    with op.batch_alter_table('redaction_region', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_redaction_region_evidence_id'))

    op.drop_table('redaction_region')
    op.drop_table('recommendation')
    with op.batch_alter_table('interview', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interview_held_on_start'))

    op.drop_table('interview')
    op.drop_table('grievance')
    with op.batch_alter_table('finding_standard', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_standard_standard_id'))
        batch_op.drop_index(batch_op.f('ix_finding_standard_finding_id'))

    op.drop_table('finding_standard')
    with op.batch_alter_table('finding_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_evidence_finding_id'))
        batch_op.drop_index(batch_op.f('ix_finding_evidence_evidence_id'))

    op.drop_table('finding_evidence')
    with op.batch_alter_table('evidence_blob', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_blob_evidence_id'))

    op.drop_table('evidence_blob')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_when_start'))
        batch_op.drop_index(batch_op.f('ix_event_category'))

    op.drop_table('event')
    with op.batch_alter_table('custody_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_custody_entry_evidence_id'))

    op.drop_table('custody_entry')
    op.drop_table('allegation')
    op.drop_table('tag')
    op.drop_table('standard')
    op.drop_table('reviewer')
    op.drop_table('place')
    op.drop_table('finding')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_sha256'))

    op.drop_table('evidence')
    op.drop_table('case_info')
    op.drop_table('audit_entry')
    op.drop_table('actor')
