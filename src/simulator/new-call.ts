// A new call as the simulator starts it: the plan it runs by, fixed from its assistant when it
// starts (the assistant may change meanwhile).
import type { Assistant, Tool } from '../../schemas/assistants.js'
import type { MockSettings } from '../../schemas/mock.js'
import type { CallRecord, CallTool, Plan } from '../calls/calls.js'
import { autoScript } from '../calls/script.js'

export function planFor(assistant: Assistant, settings: MockSettings, firstMessage?: string): Plan {
  const external = assistant.type === 'external'
  const tools: CallTool[] = assistant.tools.map(({ name, parameters }: Tool) => ({
    name,
    parameters: parameters as Record<string, unknown>,
  }))
  return {
    mode: settings.call_mode,
    language: assistant.language,
    first_message: firstMessage ?? assistant.first_message,
    end_call_message: assistant.end_call_message,
    max_duration_seconds: assistant.max_duration_seconds,
    tools,
    server_url: assistant.server_url,
    external,
    // Tools run on the assistant's server, so only an external assistant with one calls them.
    script: autoScript(external && assistant.server_url ? tools.map((t) => t.name) : []),
    say_next: [],
    turn_due: null,
    awaiting: null,
  }
}

export type NewCallFields = Pick<
  CallRecord,
  'assistant_id' | 'direction' | 'from_number' | 'to_number' | 'status' | 'contact_id' | 'metadata' | 'plan'
> & { scheduled_call_id?: string | null }

export const newCall = (id: string, fields: NewCallFields, at: number): CallRecord => ({
  id,
  ended_reason: null,
  debugging_artifact: null,
  messages: [],
  summary: null,
  recording_url: null,
  duration_seconds: null,
  analysis: null,
  credits_used: 0,
  created_at: at,
  started_at: null,
  ended_at: null,
  scheduled_call_id: null,
  ...fields,
})
