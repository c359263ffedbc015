// Assistants: the phone agents of a workspace.
import type { Assistant, AssistantCreateInput, AssistantUpdateInput, Tool } from '../../schemas/assistants.js'
import type { Page } from '../../schemas/common.js'
import type { Db } from '../db/open.js'
import type { Effects, Work } from '../effects/work.js'
import { invalidParameter, notFound } from '../errors.js'
import { jsonOrNull, pageClause, searchTerm, searchText } from '../sql.js'
import { formatTime } from '../time.js'
import { applyUpdate, requireFields } from '../update.js'
import type { Workspace } from '../workspaces/workspaces.js'
import type { Numbers } from '../phone-numbers/numbers.js'
import type { Calls } from '../calls/calls.js'
import type { ScheduledCalls } from '../scheduled-calls/scheduled-calls.js'

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
  /** The linked number, joined in. */
  number_id: string | null
  number: string | null
  number_type: string | null
  number_locality: string | null
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

/** The writable fields of a stored assistant, in API form. */
const writableOf = (row: AssistantRow): Writable => ({
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
})

const toAssistant = (row: AssistantRow): Assistant => ({
  id: row.id,
  ...writableOf(row),
  phone_number:
    row.number_id === null
      ? null
      : { id: row.number_id, number: row.number!, type: row.number_type!, locality: row.number_locality },
  created_at: formatTime(row.created_at),
  updated_at: formatTime(row.updated_at),
})

/** The fields of a new or replaced assistant: what is sent, every other field its default. */
const replacement = (input: Partial<Writable>): Writable => applyUpdate<Writable>('replace', defaults, defaults, input)

/** The number columns of an assistant no number is linked to. */
const unlinked = { number_id: null, number: null, number_type: null, number_locality: null }

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
  effects: Effects
  numbers: Numbers
  calls: Calls
  scheduledCalls: ScheduledCalls
}

export function createAssistants({ db, now, newId, effects, numbers, calls, scheduledCalls }: AssistantsDeps) {
  const select = `SELECT a.*, n.id AS number_id, n.phone_number AS number, n.number_type AS number_type,
      n.locality AS number_locality
    FROM assistants a LEFT JOIN phone_numbers n ON n.workspace_id = a.workspace_id AND n.assistant_id = a.id`
  const filter = `a.workspace_id = @workspace AND (@type IS NULL OR a.type = @type)
    AND (@search IS NULL OR instr(a.search_text, @search) > 0)`
  const page = db.prepare<Record<string, unknown>, AssistantRow>(
    `${select} WHERE ${filter} ORDER BY a.created_at DESC, a.id DESC ${pageClause}`,
  )
  const count = db.prepare<Record<string, unknown>, { n: number }>(
    `SELECT count(*) AS n FROM assistants a WHERE ${filter}`,
  )
  const byId = db.prepare<[string, string], AssistantRow>(`${select} WHERE a.workspace_id = ? AND a.id = ?`)
  const upsert = db.prepare(
    `INSERT INTO assistants (workspace_id, id, name, type, first_message, system_prompt, end_call_message,
       voicemail_message, language, voice, model, max_duration_seconds, server_url, tools, faqs, search_text, created_at,
       updated_at)
     VALUES (@workspace_id, @id, @name, @type, @first_message, @system_prompt, @end_call_message, @voicemail_message,
       @language, @voice, @model, @max_duration_seconds, @server_url, @tools, @faqs, @search_text, @created_at, @updated_at)
     ON CONFLICT (workspace_id, id) DO UPDATE SET name = excluded.name, type = excluded.type,
       first_message = excluded.first_message, system_prompt = excluded.system_prompt,
       end_call_message = excluded.end_call_message, voicemail_message = excluded.voicemail_message,
       language = excluded.language, voice = excluded.voice, model = excluded.model,
       max_duration_seconds = excluded.max_duration_seconds, server_url = excluded.server_url,
       tools = excluded.tools, faqs = excluded.faqs, search_text = excluded.search_text, updated_at = excluded.updated_at`,
  )
  const remove = db.prepare('DELETE FROM assistants WHERE workspace_id = ? AND id = ?')

  const find = (workspace: Workspace, id: string) => {
    const row = byId.get(workspace.id, id)
    if (!row) throw notFound('Assistant')
    return row
  }

  /** Writes the assistant; `before` is its row when it exists already (its number stays linked). */
  const save = (work: Work, id: string, fields: Writable, before: AssistantRow | null): Assistant => {
    const workspace = work.workspace
    assertUniqueToolNames(fields.tools)
    const time = now(workspace)
    const row: AssistantRow = {
      ...(before ?? unlinked),
      ...fields,
      id,
      voice: jsonOrNull(fields.voice),
      model: jsonOrNull(fields.model),
      tools: JSON.stringify(fields.tools),
      faqs: JSON.stringify(fields.faqs),
      created_at: before?.created_at ?? time,
      updated_at: time,
    }
    const { number_id: _id, number: _number, number_type: _type, number_locality: _locality, ...columns } = row
    upsert.run({ ...columns, workspace_id: workspace.id, search_text: searchText(fields.name) })
    changed(work, id, before === null ? 'created' : 'updated')
    return toAssistant(row)
  }

  const changed = (work: Work, id: string, action: 'created' | 'updated' | 'deleted') =>
    work.publish({ type: 'resource.changed', data: { kind: 'assistant', id, action } })

  return {
    list(workspace: Workspace, { type, search, limit, offset }: AssistantListFilter) {
      const params = { workspace: workspace.id, type: type ?? null, search: searchTerm(search) }
      return { data: page.all({ ...params, limit, offset }).map(toAssistant), total: count.get(params)!.n }
    },

    get: (workspace: Workspace, id: string) => toAssistant(find(workspace, id)),

    create: (workspace: Workspace, input: AssistantCreateInput & { id?: string }) =>
      effects.run(workspace, (work) => {
        const { id, ...fields } = input
        return save(work, id ?? newId(), replacement(fields), null)
      }),

    /** PUT: the assistant becomes what is sent; every field not sent goes back to its default. */
    replace: (workspace: Workspace, id: string, input: AssistantUpdateInput) =>
      effects.run(workspace, (work) => {
        requireFields('replace', input, ['name'])
        return save(work, id, replacement(input), find(workspace, id))
      }),

    /** PATCH: only the fields sent change. */
    patch: (workspace: Workspace, id: string, input: AssistantUpdateInput) =>
      effects.run(workspace, (work) => {
        const row = find(workspace, id)
        // PATCH {} changes nothing, not even updated_at.
        if (Object.keys(input).length === 0) return toAssistant(row)
        return save(work, id, applyUpdate<Writable>('merge', writableOf(row), defaults, input), row)
      }),

    /**
     * Deletes an assistant; its number becomes available again, its scheduled calls are cancelled,
     * its past calls keep its id.
     */
    remove: (workspace: Workspace, id: string) =>
      effects.run(workspace, (work) => {
        find(workspace, id)
        calls.assertAssistantIdle(workspace, id)
        remove.run(workspace.id, id)
        numbers.unlinkAssistant(workspace, id)
        scheduledCalls.assistantRemoved(work, id)
        changed(work, id, 'deleted')
      }),

    /** 404 unless the assistant exists. */
    assertExists(workspace: Workspace, id: string) {
      find(workspace, id)
    },
  }
}

export type Assistants = ReturnType<typeof createAssistants>
