import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** `scheduled`: signed off and published for a later date; it comes into force then (see `pathway_version_in_force`). */
export type PathwayVersionStatus = 'draft' | 'scheduled' | 'published' | 'retired';
/** A draft's clinical sign-off (issue 20): any change of the definition sends it back to `editing`. */
export type ReviewState = 'editing' | 'submitted' | 'approved' | 'rejected';

@Entity('pathway')
export class Pathway {
  @PrimaryColumn('text') key!: string;
  @Column('uuid', { name: 'owner_region_id', nullable: true }) ownerRegionId!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy!: string | null;
}

/** A draft (editable, unnumbered) or a published/retired version (immutable, enforced by a trigger). */
@Entity('pathway_version')
export class PathwayVersion {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text', { name: 'pathway_key' }) pathwayKey!: string;
  @Column('integer', { nullable: true }) version!: number | null;
  @Column('text') status!: PathwayVersionStatus;
  @Column('jsonb') definition!: unknown;
  /** Set by the database: grows with every new draft and every change of one; the draft's ETag. */
  @Column('integer') revision!: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('uuid', { name: 'updated_by', nullable: true }) updatedBy!: string | null;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt!: Date | null;
  @Column('uuid', { name: 'published_by', nullable: true }) publishedBy!: string | null;
  @Column('timestamptz', { name: 'effective_from', nullable: true }) effectiveFrom!: Date | null;
  @Column('text', { name: 'review_state' }) reviewState!: ReviewState;
  @Column('timestamptz', { name: 'submitted_at', nullable: true }) submittedAt!: Date | null;
  @Column('uuid', { name: 'submitted_by', nullable: true }) submittedBy!: string | null;
  @Column('text', { name: 'submit_comment', nullable: true }) submitComment!: string | null;
  @Column('timestamptz', { name: 'reviewed_at', nullable: true }) reviewedAt!: Date | null;
  @Column('uuid', { name: 'reviewed_by', nullable: true }) reviewedBy!: string | null;
  @Column('text', { name: 'review_comment', nullable: true }) reviewComment!: string | null;
  /** The revision the reviewer approved or sent back; publishing needs it to be the draft's current one. */
  @Column('integer', { name: 'reviewed_revision', nullable: true }) reviewedRevision!: number | null;
  /** A return to an earlier version: the version whose definition this one took. */
  @Column('integer', { name: 'restored_from', nullable: true }) restoredFrom!: number | null;
}
