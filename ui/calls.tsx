// Calls: the list with status, a call's page (status timeline, transcript, webhook attempts, tool
// calls) and driving it by hand in manual mode; placing outbound and inbound calls.
import type { ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { MockEvent, Page } from './api.js'
import { Action, Body, Loading, Panel, Pill, Time, httpTone, useForm, useLive, useShared } from './kit.js'

interface CallSummary {
  id: string
  assistant_id: string | null
  direction: 'inbound' | 'outbound'
  from_number: string
  to_number: string
  status: string
  ended_reason: string | null
  debugging_artifact: string | null
  duration_seconds: number | null
  created_at: string
  started_at: string | null
  ended_at: string | null
  scheduled_call_id: string | null
}

interface Call extends CallSummary {
  messages: { role: string; content: string; at: string; tool_call_id?: string; name?: string }[]
}

export interface Attempt {
  id: string
  delivery_id: string
  call_id: string | null
  event: string
  url: string
  attempt: number
  at: string
  ok: boolean
  request: { headers: Record<string, string>; body: string }
  response: { status: number; headers: Record<string, string>; body: string } | null
  duration_ms: number
  error: string | null
}

const ended = (status: string) => status.startsWith('ended')
const callEvent = (event: MockEvent) =>
  event.type.startsWith('call.') || event.type === 'scheduled_call.fired' || event.type === 'clock.changed'

/** The status changes seen on the stream, per call: the timeline of a call watched live. */
const seenStatuses = new Map<string, { status: string; time: string }[]>()
function rememberStatus(event: MockEvent) {
  if (event.type !== 'call.status' && event.type !== 'call.created' && event.type !== 'call.ended') return
  const list = seenStatuses.get(event.data.call_id) ?? []
  if (list.at(-1)?.status !== event.data.status) list.push({ status: event.data.status, time: event.time })
  seenStatuses.set(event.data.call_id, list)
}

export function CallsView({ selected }: { selected?: string }) {
  const calls = useLive(
    (api) => api.get<Page<CallSummary>>('/v1/calls?limit=100').then((page) => page.data),
    [],
    callEvent,
  )
  return (
    <div class="split">
      <div class="split-list">
        <PlaceCall onPlaced={() => calls.reload()} />
        <Panel title={`Calls${calls.data ? ` (${calls.data.length})` : ''}`}>
          {!calls.data ? (
            <Loading failure={calls.failure} />
          ) : calls.data.length === 0 ? (
            <p class="muted">No calls yet. Place one above, or from your app.</p>
          ) : (
            <ul class="call-list">
              {calls.data.map((call) => (
                <li key={call.id}>
                  <a class={`call-row ${call.id === selected ? 'selected' : ''}`} href={`#/calls/${call.id}`}>
                    <Pill status={call.status} />
                    <span class="call-who">
                      <span class="dir" title={call.direction}>
                        {call.direction === 'inbound' ? '↙' : '↗'}
                      </span>
                      {call.direction === 'inbound' ? call.from_number : call.to_number}
                    </span>
                    <Time at={call.created_at} date={false} />
                  </a>
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>
      <div class="split-detail">
        {selected ? (
          <CallPage id={selected} />
        ) : (
          <p class="placeholder">Pick a call to see its timeline, transcript and webhooks.</p>
        )}
      </div>
    </div>
  )
}

interface Choices {
  assistants: { id: string; name: string }[]
  /** The workspace's numbers that can be called: the shared default number first. */
  numbers: { id: string; phone_number: string; linked_assistant?: { id: string } | null }[]
  contacts: { contact_id: string; full_name: string | null; phone_number: string }[]
}

function PlaceCall({ onPlaced }: { onPlaced: () => void }) {
  const { api } = useShared()
  const [mode, setMode] = useState<'outbound' | 'inbound'>('outbound')
  const choices = useLive(
    async (api): Promise<Choices> => {
      const [assistants, numbers, contacts] = await Promise.all([
        api.get<Page<Choices['assistants'][number]>>('/v1/assistants?limit=100'),
        api.get<Page<Choices['numbers'][number]> & { shared_numbers: Choices['numbers'] }>(
          '/v1/phone-numbers?limit=100&include_default=true',
        ),
        api.get<Page<Choices['contacts'][number]>>('/v1/contacts?limit=100'),
      ])
      return {
        assistants: assistants.data,
        numbers: [...numbers.shared_numbers, ...numbers.data],
        contacts: contacts.data,
      }
    },
    [],
    (event) => event.type === 'resource.changed',
  )
  const form = useForm({ assistant: '', phone: '', from: '+31612345678', to: '' })
  const data = choices.data
  useEffect(() => {
    if (!data || form.values.assistant) return
    form.set({
      assistant: data.assistants[0]?.id ?? '',
      phone: data.contacts[0]?.phone_number ?? '',
      to: data.numbers.find((n) => n.linked_assistant !== null)?.phone_number ?? '',
    })
  }, [data])
  if (!data) return null
  const { values } = form
  const place = async () => {
    const created =
      mode === 'outbound'
        ? await api.post<{ data: { id: string } }>('/v1/calls/outbound', {
            assistant_id: values.assistant,
            phone_number: values.phone,
          })
        : await api.post<{ data: { id: string } }>('/_mock/inbound-calls', { from: values.from, to: values.to })
    onPlaced()
    location.hash = `#/calls/${created.data.id}`
  }
  return (
    <Panel
      title="Place a call"
      actions={
        <div class="tabs">
          {(['outbound', 'inbound'] as const).map((m) => (
            <button type="button" key={m} class={`tab ${mode === m ? 'on' : ''}`} onClick={() => setMode(m)}>
              {m === 'outbound' ? 'Outbound' : 'Inbound'}
            </button>
          ))}
        </div>
      }
    >
      <div class="form-row">
        {mode === 'outbound' ? (
          <>
            <label>
              Assistant
              <select {...form.bind('assistant')} name="assistant">
                {data.assistants.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              To
              <input {...form.bind('phone')} name="phone" list="contact-numbers" placeholder="+31612345678" />
              <datalist id="contact-numbers">
                {data.contacts.map((c) => (
                  <option key={c.contact_id} value={c.phone_number}>
                    {c.full_name}
                  </option>
                ))}
              </datalist>
            </label>
          </>
        ) : (
          <>
            <label>
              From (customer)
              <input {...form.bind('from')} name="from" />
            </label>
            <label>
              To (your number)
              <select {...form.bind('to')} name="to">
                {data.numbers.map((n) => (
                  <option key={n.id} value={n.phone_number}>
                    {n.phone_number}
                    {n.linked_assistant === undefined ? ' (shared)' : n.linked_assistant ? '' : ' (no assistant)'}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        <Action label={mode === 'outbound' ? 'Call' : 'Ring in'} kind="primary" run={place} />
      </div>
    </Panel>
  )
}

function CallPage({ id }: { id: string }) {
  const wantsCall = (event: MockEvent) =>
    (('call_id' in event.data && event.data.call_id === id) || event.type === 'clock.changed') &&
    event.type !== 'request'
  const call = useLive((api) => api.get<{ data: Call }>(`/v1/calls/${id}`).then((r) => r.data), [id], wantsCall)
  const attempts = useLive(
    (api) =>
      api
        .get<Page<Attempt>>(`/_mock/webhook-deliveries?call_id=${id}&limit=100`)
        .then((page) => page.data.slice().reverse()),
    [id],
    wantsCall,
  )
  const reload = () => {
    call.reload()
    attempts.reload()
  }
  if (!call.data) return <Loading failure={call.failure} />
  const c = call.data
  return (
    <div class="call-page">
      <header class="call-head">
        <div>
          <h1>
            <span class="dir">{c.direction === 'inbound' ? '↙ Inbound' : '↗ Outbound'}</span> {c.from_number} →{' '}
            {c.to_number}
          </h1>
          <p class="muted mono">{c.id}</p>
        </div>
        <Pill status={c.status} />
      </header>
      <dl class="facts">
        <Fact label="Created">
          <Time at={c.created_at} />
        </Fact>
        <Fact label="Answered">
          <Time at={c.started_at} />
        </Fact>
        <Fact label="Ended">
          <Time at={c.ended_at} />
        </Fact>
        <Fact label="Duration">{c.duration_seconds === null ? '—' : `${c.duration_seconds} s`}</Fact>
        <Fact label="Ended reason">{c.ended_reason ?? '—'}</Fact>
        {c.debugging_artifact && (
          <Fact label="Debugging artifact">
            <span class="warn-text">{c.debugging_artifact}</span>
          </Fact>
        )}
      </dl>
      <Timeline call={c} />
      <div class="two">
        <Panel title="Transcript">
          <Transcript call={c} />
        </Panel>
        {!ended(c.status) && <Drive call={c} onDone={reload} />}
      </div>
      <ToolCalls attempts={attempts.data ?? []} />
      <Panel title={`Webhook attempts${attempts.data ? ` (${attempts.data.length})` : ''}`}>
        {!attempts.data ? (
          <Loading failure={attempts.failure} />
        ) : (
          <Attempts attempts={attempts.data} onResent={() => attempts.reload()} />
        )}
      </Panel>
    </div>
  )
}

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}

function Timeline({ call }: { call: Call }) {
  const steps: { status: string; time: string | null }[] = [{ status: 'queued', time: call.created_at }]
  for (const seen of seenStatuses.get(call.id) ?? []) {
    if (!steps.some((s) => s.status === seen.status)) steps.push(seen)
  }
  if (call.started_at && !steps.some((s) => s.status === 'in-progress')) {
    steps.push({ status: 'in-progress', time: call.started_at })
  }
  if (ended(call.status) && !steps.some((s) => s.status === call.status)) {
    steps.push({ status: call.status, time: call.ended_at })
  }
  steps.sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''))
  return (
    <ol class="timeline" aria-label="Status timeline">
      {steps.map((step) => (
        <li key={step.status}>
          <Pill status={step.status} />
          <Time at={step.time} date={false} />
        </li>
      ))}
    </ol>
  )
}

const speaker: Record<string, string> = { user: 'Customer', assistant: 'Assistant', tool: 'Tool', system: 'System' }

function Transcript({ call }: { call: Call }) {
  if (call.messages.length === 0) return <p class="muted">Nothing said yet.</p>
  return (
    <ol class="transcript">
      {call.messages.map((m, i) => (
        <li key={i} class={`line ${m.role}`}>
          <div class="line-meta">
            <strong>{m.name ? `${speaker[m.role] ?? m.role} · ${m.name}` : (speaker[m.role] ?? m.role)}</strong>
            <Time at={m.at} date={false} />
          </div>
          <div class="bubble">{m.content}</div>
        </li>
      ))}
    </ol>
  )
}

function Drive({ call, onDone }: { call: Call; onDone: () => void }) {
  const { api, notify } = useShared()
  const form = useForm({ text: '', tool: '', payload: '{}', reason: '', artifact: '' })
  const [results, setResults] = useState<{ toolCallId: string; result: string }[] | null>(null)
  const { values } = form
  const say = (role: 'user' | 'assistant') => async () => {
    await api.post(`/_mock/calls/${call.id}/say`, { role, text: values.text })
    form.clear('text')
    onDone()
  }
  const tool = async () => {
    let payload: unknown
    try {
      payload = JSON.parse(values.payload || '{}')
    } catch {
      return notify('The payload is not valid JSON', 'bad')
    }
    const answer = await api.post<{ data: { results: { toolCallId: string; result: string }[] } }>(
      `/_mock/calls/${call.id}/tool-calls`,
      { tasks: [{ name: values.tool, payload }] },
    )
    setResults(answer.data.results)
    onDone()
  }
  const end = (withArtifact: boolean) => async () => {
    const body: Record<string, string> = {}
    if (values.reason) body.reason = values.reason
    if (withArtifact) body.debugging_artifact = values.artifact || 'Ended from the inspector'
    await api.post(`/_mock/calls/${call.id}/end`, body)
    onDone()
  }
  return (
    <Panel title="Drive this call">
      <div class="drive">
        <textarea {...form.bind('text')} name="say" rows={2} placeholder="What is said…" />
        <div class="btn-row">
          <Action label="Say as customer" kind="primary" run={say('user')} disabled={!values.text} />
          <Action label="Say as assistant" run={say('assistant')} disabled={!values.text} />
        </div>
        <h3>Tool call</h3>
        <div class="form-row">
          <label>
            Tool
            <input {...form.bind('tool')} name="tool" placeholder="check_availability" />
          </label>
          <label class="grow">
            Payload (JSON)
            <input {...form.bind('payload')} name="payload" class="mono" />
          </label>
          <Action label="Send tool call" run={tool} disabled={!values.tool} />
        </div>
        {results && (
          <div class="results" aria-label="Tool results">
            {results.map((r) => (
              <div key={r.toolCallId} class="result">
                <span class="mono muted">{r.toolCallId}</span>
                <Body value={r.result} />
              </div>
            ))}
          </div>
        )}
        <h3>End</h3>
        <div class="form-row">
          <label>
            Reason
            <input {...form.bind('reason')} name="reason" placeholder="customer-ended-call" />
          </label>
          <label class="grow">
            Debugging artifact
            <input {...form.bind('artifact')} name="artifact" placeholder="what went wrong" />
          </label>
        </div>
        <div class="btn-row">
          <Action label="End call" kind="danger" run={end(false)} />
          <Action label="End with debugging artifact" run={end(true)} />
        </div>
      </div>
    </Panel>
  )
}

const parse = (text: string | undefined) => {
  try {
    return JSON.parse(text ?? '')
  } catch {
    return undefined
  }
}

/** The tool calls of the call as sent to the assistant's server, and the results it answered. */
function ToolCalls({ attempts }: { attempts: Attempt[] }) {
  const rows = attempts
    .filter((a) => a.event === 'tool-calls')
    .flatMap((a) => {
      const tasks = (parse(a.request.body)?.tasksInitiated ?? []) as {
        taskId: string
        taskName: string
        taskPayload?: unknown
      }[]
      const results = (parse(a.response?.body)?.results ?? []) as { toolCallId: string; result: string }[]
      return tasks.map((task) => ({
        attempt: a,
        task,
        result: results.find((r) => r.toolCallId === task.taskId)?.result,
      }))
    })
  if (rows.length === 0) return null
  return (
    <Panel title={`Tool calls (${rows.length})`}>
      <table class="table">
        <thead>
          <tr>
            <th>Time</th>
            <th>Tool</th>
            <th>Sent to</th>
            <th>Payload</th>
            <th>Your server's result</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ attempt, task, result }) => (
            <tr key={`${attempt.id}-${task.taskId}`}>
              <td>
                <Time at={attempt.at} date={false} />
              </td>
              <td class="mono">{task.taskName}</td>
              <td class="mono url-cell" title={attempt.url}>
                {attempt.url}
              </td>
              <td>
                <Body value={task.taskPayload ?? null} />
              </td>
              <td>
                {result === undefined ? (
                  <span class="bad-text">{attempt.error ?? 'no result'}</span>
                ) : (
                  <Body value={result} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  )
}

const signatureHeader = /signature|timestamp/i

export function Attempts({ attempts, onResent }: { attempts: Attempt[]; onResent: () => void }) {
  const { api } = useShared()
  const [open, setOpen] = useState<string | null>(null)
  if (attempts.length === 0) return <p class="muted">No webhooks sent for this call (are webhook URLs set?).</p>
  return (
    <ol class="attempts">
      {attempts.map((a) => (
        <li key={a.id} class={`attempt ${a.ok ? 'ok' : 'failed'}`}>
          <button type="button" class="attempt-head" onClick={() => setOpen(open === a.id ? null : a.id)}>
            <Time at={a.at} date={false} />
            <span class="event">{a.event}</span>
            <Pill
              status={a.response ? a.response.status : 'error'}
              tone={a.response ? httpTone(a.response.status) : 'bad'}
            />
            <span class="url mono" title={a.url}>
              {a.url.replace(/^https?:\/\//, '')}
            </span>
            <span class="muted">#{a.attempt}</span>
            <span class="muted">{Math.round(a.duration_ms)} ms</span>
          </button>
          {a.error && <p class="bad-text attempt-error">{a.error}</p>}
          {open === a.id && (
            <div class="attempt-detail">
              <div>
                <h4>Request</h4>
                <table class="headers">
                  <tbody>
                    {Object.entries(a.request.headers).map(([name, value]) => (
                      <tr key={name} class={signatureHeader.test(name) ? 'signature' : ''}>
                        <th>{name}</th>
                        <td class="mono">{value}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <Body value={a.request.body} />
              </div>
              <div>
                <h4>Answer {a.response && <Pill status={a.response.status} tone={httpTone(a.response.status)} />}</h4>
                {a.response ? <Body value={a.response.body} /> : <p class="bad-text">{a.error}</p>}
              </div>
            </div>
          )}
          <div class="attempt-actions">
            <Action
              label="Resend"
              run={async () => {
                await api.post(`/_mock/webhook-deliveries/${a.id}/redeliver`)
                onResent()
              }}
              done="Webhook sent again"
              title={`Send delivery ${a.delivery_id} once more`}
            />
          </div>
        </li>
      ))}
    </ol>
  )
}

export { rememberStatus }
