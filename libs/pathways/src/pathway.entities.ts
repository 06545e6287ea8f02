import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type PathwayVersionStatus = 'draft' | 'published' | 'retired';

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
}
