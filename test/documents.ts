// Verification documents as a client uploads them: multipart/form-data bodies built by the
// platform's own FormData encoder, POSTed to a verification group.
import { KEY, type TestApp } from './helpers.js'

/** A small but real-looking PDF: it starts with the format's signature. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

export interface FilePart {
  bytes: Buffer
  filename?: string
  /** The part's name; `file` unless a test sends the file under another name. */
  field?: string
  /** The declared Content-Type of the part (the mock must ignore it). */
  declaredType?: string
}

export interface DocumentParts {
  type?: string
  file?: FilePart
}

/** A multipart/form-data body with an optional `type` field and an optional file part. */
export async function multipart({ type, file }: DocumentParts) {
  const form = new FormData()
  if (type !== undefined) form.append('type', type)
  if (file) {
    const blob = new Blob([new Uint8Array(file.bytes)], file.declaredType ? { type: file.declaredType } : {})
    form.append(file.field ?? 'file', blob, file.filename ?? 'document.pdf')
  }
  const request = new Request('http://x', { method: 'POST', body: form })
  return { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! }
}

/** POSTs these parts to the group's documents as the test key. */
export async function uploadDocument(app: TestApp, groupId: string, parts: DocumentParts) {
  const { payload, contentType } = await multipart(parts)
  return app.inject({
    method: 'POST',
    url: `/v1/verification-groups/${groupId}/documents`,
    headers: { authorization: `Bearer ${KEY}`, 'content-type': contentType },
    payload,
  })
}
