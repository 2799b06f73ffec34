import type { SqlValues } from '../database/db.service';

/**
 * The pre-assessment module's hand-written SQL: the attachment's bytes (bytea on PostgreSQL,
 * blob on SQLite), which the entity does not map so that no list or lookup ever loads them.
 */

export interface AttachmentInsert {
  declarationId: number;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  data: Buffer;
  uploadedBy: number;
  uploadedAt: string;
}

/** Stores one uploaded file; answers its id. */
export function insertAttachment(p: SqlValues, a: AttachmentInsert): string {
  return `INSERT INTO pre_assessment_attachments
    (declaration_id, filename, content_type, size, sha256, data, uploaded_by, uploaded_at)
    VALUES (${p.add(a.declarationId)}, ${p.add(a.filename)}, ${p.add(a.contentType)}, ${p.add(a.size)},
            ${p.add(a.sha256)}, ${p.add(a.data)}, ${p.add(a.uploadedBy)}, ${p.add(a.uploadedAt)})
    RETURNING id`;
}

/** One attachment of one declaration, with its bytes (the declaration's scope is checked before). */
export function attachmentWithData(p: SqlValues, declarationId: number, attachmentId: number): string {
  return `SELECT filename, content_type, size, sha256, data FROM pre_assessment_attachments
    WHERE id = ${p.add(attachmentId)} AND declaration_id = ${p.add(declarationId)}`;
}
