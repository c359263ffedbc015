// Assistants: the phone agents of a workspace.
import type { Assistant, AssistantCreateInput, AssistantUpdateInput, Tool } from '../../schemas/assistants.js'
import type { Page } from '../../schemas/common.js'
import type { Db } from '../db/open.js'
import { invalidParameter, notFound } from '../errors.js'
import { jsonOrNull, likePattern } from '../sql.js'
import { formatTime } from '../time.js'
import { applyUpdate, requireFields, type UpdateMode } from '../update.js'
import type { Workspace } from '../workspaces/workspaces.js'

interface AssistantRow {
  id: string
  name: string
  type: Assistant['type']
  first_message: string | null
  system_prompt: string | null
  end_call_message: string | null
  voicemail_message: string | null
  language: string
  voice: string | null
  model: string | null
  max_duration_seconds: number
  server_url: string | null
  tools: string
  faqs: string
  created_at: number
  updated_at: number
}

type Writable = Omit<Assistant, 'id' | 'phone_number' | 'created_at' | 'updated_at'>

const defaults: Writable = {
  name: '',
  type: 'default',
  first_message: null,
  system_prompt: null,
  end_call_message: null,
  voicemail_message: null,
  language: 'nl',
  voice: null,
  model: null,
  max_duration_seconds: 600,
  server_url: null,
  tools: [],
  faqs: [],
}

const toAssistant = (row: AssistantRow): Assistant => ({
  id: row.id,
  name: row.name,
  type: row.type,
  first_message: row.first_message,
  system_prompt: row.system_prompt,
  end_call_message: row.end_call_message,
  voicemail_message: row.voicemail_message,
  language: row.language,
  voice: row.voice === null ? null : JSON.parse(row.voice),
  model: row.model === null ? null : JSON.parse(row.model),
  max_duration_seconds: row.max_duration_seconds,
  server_url: row.server_url,
  tools: JSON.parse(row.tools),
  faqs: JSON.parse(row.faqs),
  // The linked number arrives with phone numbers.
  phone_number: null,
  created_at: formatTime(row.created_at),
  updated_at: formatTime(row.updated_at),
})

/** Tool names are unique per assistant (JSON Schema cannot say so). */
function assertUniqueToolNames(tools: Tool[]) {
  const seen = new Set<string>()
  tools.forEach((tool, index) => {
    if (seen.has(tool.name)) throw invalidParameter(`tools[${index}].name`, `duplicates the tool name "${tool.name}"`)
    seen.add(tool.name)
  })
}

export interface AssistantListFilter extends Page {
  type?: Assistant['type']
  search?: string
}

export interface AssistantsDeps {
  db: Db
  now: (workspace: Workspace) => number
  newId: () => string
}

export function createAssistants({ db, now, newId }: AssistantsDeps) {
  const filter = `workspace_id = @workspace AND (@type IS NULL OR type = @type)
    AND (@pattern IS NULL OR name LIKE @pattern ESCAPE '\\')`
  const page = db.prepare<Record<string, unknown>, AssistantRow>(
    `SELECT * FROM assistants WHERE ${filter} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset`,
  )
  const count = db.prepare<Record<string, unknown>, { n: number }>(`SELECT count(*) AS n FROM assistants WHERE ${filter}`)
  const byId = db.prepare<[string, string], AssistantRow>('SELECT * FROM assistants WHERE workspace_id = ? AND id = ?')
  const upsert = db.prepare(
    `INSERT INTO assistants (workspace_id, id, name, type, first_message, system_prompt, end_call_message,
       voicemail_message, language, voice, model, max_duration_seconds, server_url, tools, faqs, created_at, updated_at)
     VALUES (@workspace_id, @id, @name, @type, @first_message, @system_prompt, @end_call_message, @voicemail_message,
       @language, @voice, @model, @max_duration_seconds, @server_url, @tools, @faqs, @created_at, @updated_at)
     ON CONFLICT (workspace_id, id) DO UPDATE SET name = excluded.name, type = excluded.type,
       first_message = excluded.first_message, system_prompt = excluded.system_prompt,
       end_call_message = excluded.end_call_message, voicemail_message = excluded.voicemail_message,
       language = excluded.language, voice = excluded.voice, model = excluded.model,
       max_duration_seconds = excluded.max_duration_seconds, server_url = excluded.server_url,
       tools = excluded.tools, faqs = excluded.faqs, updated_at = excluded.updated_at`,
  )
  const remove = db.prepare('DELETE FROM assistants WHERE workspace_id = ? AND id = ?')

  const find = (workspace: Workspace, id: string) => {
    const row = byId.get(workspace.id, id)
    if (!row) throw notFound('Assistant')
    return row
  }

  const save = (workspace: Workspace, id: string, fields: Writable, createdAt: number | null): Assistant => {
    assertUniqueToolNames(fields.tools)
    const time = now(workspace)
    const row: AssistantRow = {
      ...fields,
      id,
      voice: jsonOrNull(fields.voice),
      model: jsonOrNull(fields.model),
      tools: JSON.stringify(fields.tools),
      faqs: JSON.stringify(fields.faqs),
      created_at: createdAt ?? time,
      updated_at: time,
    }
    upsert.run({ workspace_id: workspace.id, ...row })
    return toAssistant(row)
  }

  return {
    list(workspace: Workspace, { type, search, limit, offset }: AssistantListFilter) {
      const params = { workspace: workspace.id, type: type ?? null, pattern: search ? likePattern(search) : null }
      return { data: page.all({ ...params, limit, offset }).map(toAssistant), total: count.get(params)!.n }
    },

    get: (workspace: Workspace, id: string) => toAssistant(find(workspace, id)),

    create: db.transaction((workspace: Workspace, input: AssistantCreateInput & { id?: string }) => {
      const { id, ...fields } = input
      return save(workspace, id ?? newId(), applyUpdate<Writable>('replace', defaults, defaults, fields), null)
    }),

    update: db.transaction((workspace: Workspace, id: string, input: AssistantUpdateInput, mode: UpdateMode) => {
      requireFields(mode, input, ['name'])
      const row = find(workspace, id)
      const current = toAssistant(row)
      if (Object.keys(input).length === 0) return current
      const { id: _id, phone_number: _number, created_at: _created, updated_at: _updated, ...writable } = current
      return save(workspace, id, applyUpdate<Writable>(mode, writable, defaults, input), row.created_at)
    }),

    remove(workspace: Workspace, id: string) {
      if (remove.run(workspace.id, id).changes === 0) throw notFound('Assistant')
    },
  }
}

export type Assistants = ReturnType<typeof createAssistants>
