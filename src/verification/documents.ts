// Documents of a verification group: uploaded bytes, typed by their first bytes, stored as sent.
import type { DocumentType, VerificationDocument } from '../../schemas/verification.js'
import type { Db } from '../db/open.js'
import { ApiError, invalidParameter, notFound } from '../errors.js'
import { formatTime } from '../time.js'
import type { Workspace } from '../workspaces/workspaces.js'

export const maxDocumentBytes = 10 * 1024 * 1024

/** The accepted file types and the bytes each starts with. */
const signatures: { contentType: string; magic: number[] }[] = [
  { contentType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { contentType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { contentType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
]

/** The content type the bytes really are, whatever the file is called or declared as. */
export const sniffContentType = (bytes: Buffer) =>
  signatures.find(({ magic }) => magic.every((byte, i) => bytes[i] === byte))?.contentType

interface DocumentRow {
  id: string
  group_id: string
  type: DocumentType
  status: VerificationDocument['status']
  filename: string
  content_type: string
  size_bytes: number
  created_at: number
}

const toDocument = (row: DocumentRow): VerificationDocument => ({
  id: row.id,
  type: row.type,
  status: row.status,
  filename: row.filename,
  content_type: row.content_type,
  size_bytes: row.size_bytes,
  created_at: formatTime(row.created_at),
})

export interface Upload {
  type: DocumentType
  filename: string
  bytes: Buffer
}

export interface DocumentsDeps {
  db: Db
  now: (workspace: Workspace) => number
  newId: () => string
}

export function createDocuments({ db, now, newId }: DocumentsDeps) {
  const columns = 'id, group_id, type, status, filename, content_type, size_bytes, created_at'
  const ofGroup = db.prepare<[string, string], DocumentRow>(
    `SELECT ${columns} FROM verification_documents WHERE workspace_id = ? AND group_id = ? ORDER BY created_at, id`,
  )
  const insert = db.prepare(
    `INSERT INTO verification_documents (workspace_id, id, group_id, type, status, filename, content_type, size_bytes,
       content, created_at)
     VALUES (@workspace_id, @id, @group_id, @type, 'pending', @filename, @content_type, @size_bytes, @content, @created_at)`,
  )
  const remove = db.prepare('DELETE FROM verification_documents WHERE workspace_id = ? AND group_id = ? AND id = ?')
  const content = db.prepare<[string, string], { content_type: string; content: Buffer; filename: string }>(
    'SELECT content_type, content, filename FROM verification_documents WHERE workspace_id = ? AND id = ?',
  )
  const setStatus = db.prepare('UPDATE verification_documents SET status = ? WHERE workspace_id = ? AND group_id = ?')

  return {
    list: (workspace: Workspace, groupId: string) => ofGroup.all(workspace.id, groupId).map(toDocument),

    /** Stores an upload; the group's status is the caller's to check. */
    add(workspace: Workspace, groupId: string, { type, filename, bytes }: Upload) {
      if (bytes.length === 0) throw invalidParameter('file', 'is empty', 'The uploaded file is empty')
      const contentType = sniffContentType(bytes)
      if (!contentType) {
        throw new ApiError('invalid_parameters', 'Only PDF, PNG and JPEG files are accepted', {
          field: 'file',
          reason: 'is not a PDF, PNG or JPEG file',
        })
      }
      const row: DocumentRow = {
        id: `doc_${newId().replace(/-/g, '').slice(0, 24)}`,
        group_id: groupId,
        type,
        status: 'pending',
        filename,
        content_type: contentType,
        size_bytes: bytes.length,
        created_at: now(workspace),
      }
      insert.run({ workspace_id: workspace.id, ...row, content: bytes })
      return toDocument(row)
    },

    remove(workspace: Workspace, groupId: string, documentId: string) {
      if (remove.run(workspace.id, groupId, documentId).changes === 0) throw notFound('Document')
    },

    /** The stored bytes (GET /_mock/documents/{id}). */
    content(workspace: Workspace, documentId: string) {
      const row = content.get(workspace.id, documentId)
      if (!row) throw notFound('Document')
      return row
    },

    setStatus(workspace: Workspace, groupId: string, status: 'approved' | 'rejected') {
      setStatus.run(status, workspace.id, groupId)
    },
  }
}

export type Documents = ReturnType<typeof createDocuments>
