// What a simulated call says: the default conversation, the lines the assistant speaks in reply,
// the arguments it passes to tools, and the summary and analysis at the end. All of it follows
// from the call's inputs alone, so the same call gives the same transcript on every run.
import type { CallMessage } from '../../schemas/calls.js'

/** What the script reads of a message. */
type Line = Pick<CallMessage, 'role' | 'content' | 'name'> & { injected?: true }

const lines = {
  nl: {
    caller: 'Hallo, ik heb een vraag over mijn afspraak.',
    reply: 'Daar help ik u graag mee. Ik heb het voor u genoteerd.',
    thanks: 'Dank u wel, dat was alles.',
    closing: 'Bedankt voor uw telefoontje. Fijne dag nog!',
    injected: (text: string) => `Goed, daar houd ik rekening mee: ${text}`,
  },
  en: {
    caller: 'Hello, I have a question about my appointment.',
    reply: "I'd be happy to help. I have made a note of it.",
    thanks: 'Thank you, that was all.',
    closing: 'Thank you for calling. Have a nice day!',
    injected: (text: string) => `Understood, I will take this into account: ${text}`,
  },
}

/** The lines of a language: Dutch, or English for every other language. */
export const linesFor = (language: string) => (language.split('-')[0] === 'nl' ? lines.nl : lines.en)

export const toolFailed = 'Tool call failed'

/** The steps of the automatic conversation after the first message, one per turn. */
export type Step = 'caller' | 'reply' | `tool:${string}` | 'thanks' | 'closing' | 'end'

export function autoScript(toolNames: string[]): Step[] {
  const middle: Step[] = toolNames.length > 0 ? toolNames.slice(0, 3).map((name) => `tool:${name}` as const) : ['reply']
  return ['caller', ...middle, 'thanks', 'closing', 'end']
}

/** What was said aloud: the assistant's and the caller's lines, not injected messages. */
const spokenLines = (messages: Line[]) =>
  messages.filter((m) => (m.role === 'assistant' || m.role === 'user') && !m.injected)

/** The transcript: `AI: ...` and `Gebruiker: ...` lines of what was spoken. */
export const transcriptOf = (messages: Line[]) =>
  spokenLines(messages)
    .map((m) => `${m.role === 'assistant' ? 'AI' : 'Gebruiker'}: ${m.content}`)
    .join('\n')

type JsonSchema = {
  type?: string | string[]
  format?: string
  examples?: unknown[]
  example?: unknown
  default?: unknown
  enum?: unknown[]
  properties?: Record<string, JsonSchema>
}

/** A value for a tool argument: its example or default, else a placeholder of its type. */
function sampleValue(schema: JsonSchema, now: number): unknown {
  if (schema.examples?.length) return schema.examples[0]
  if (schema.example !== undefined) return schema.example
  if (schema.default !== undefined) return schema.default
  if (schema.enum?.length) return schema.enum[0]
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type
  switch (type) {
    case 'integer':
    case 'number':
      return 1
    case 'boolean':
      return true
    case 'array':
      return []
    case 'object':
      return schema.properties ? (sampleArguments(schema, now) ?? {}) : {}
    default:
      if (schema.format === 'date') return new Date(now).toISOString().slice(0, 10)
      if (schema.format === 'date-time') return new Date(now).toISOString()
      if (schema.format === 'email') return 'klant@example.com'
      return 'voorbeeld'
  }
}

/** The arguments of a tool call made from its parameters schema; undefined when it takes none. */
export function sampleArguments(parameters: JsonSchema, now: number): Record<string, unknown> | undefined {
  const entries = Object.entries(parameters.properties ?? {})
  if (entries.length === 0) return undefined
  return Object.fromEntries(entries.map(([name, schema]) => [name, sampleValue(schema, now)]))
}

export interface Outcome {
  messages: Line[]
  endedReason: string
  otherParty: string
}

/** A short Dutch summary made from the transcript; empty when nothing was said. */
export function summarize({ messages, endedReason, otherParty }: Outcome): string {
  const spoken = spokenLines(messages)
  if (spoken.length === 0) return ''
  const firstQuestion = spoken.find((m) => m.role === 'user')
  const tools = [...new Set(messages.filter((m) => m.role === 'tool').map((m) => m.name))]
  return [
    `Gesprek met ${otherParty} van ${spoken.length} ${spoken.length === 1 ? 'beurt' : 'beurten'}.`,
    firstQuestion ? `De beller zei: "${firstQuestion.content}"` : 'De beller zei niets.',
    tools.length ? `Gebruikte tools: ${tools.join(', ')}.` : '',
    `Einde: ${endedReason}.`,
  ]
    .filter(Boolean)
    .join(' ')
}

/** Counted facts about the call, and whether it went as a call should. */
export function analyze(outcome: Outcome, summary: string) {
  const spoken = spokenLines(outcome.messages)
  const count = (role: CallMessage['role']) =>
    (role === 'tool' ? outcome.messages : spoken).filter((m) => m.role === role).length
  return {
    summary,
    structured_data: {
      assistant_turns: count('assistant'),
      user_turns: count('user'),
      tool_calls: count('tool'),
      ended_reason: outcome.endedReason,
    },
    success_evaluation: (['customer-ended-call', 'assistant-ended-call'].includes(outcome.endedReason)
      ? 'true'
      : 'false') as 'true' | 'false',
  }
}
