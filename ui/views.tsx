// The inspector's other views: the clock, the request journal, the workspace's resources, fault
// rules and settings.
import type { ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { MockEvent, Page } from './api.js'
import type { JournalEntryView as JournalEntry } from '../src/journal/entry.js'
import {
  bus,
  MethodSelect,
  Action,
  Body,
  Loading,
  Panel,
  Pill,
  Time,
  clockText,
  httpTone,
  shortId,
  useForm,
  useLive,
  useShared,
} from './kit.js'

// --- time ---

interface ClockState {
  now: string
  mode: 'real' | 'manual'
  speed: number
  pending_timers: number
}

const clockEvent = (event: MockEvent) => event.type === 'clock.changed' || event.type === 'timer.fired'

/** The workspace's clock in the top bar: mode, time (ticking in real mode), pending timers, advance. */
export function Clock() {
  const { api } = useShared()
  const clock = useLive((api) => api.get<{ data: ClockState }>('/_mock/clock').then((r) => r.data), [], clockEvent)
  const [shown, setShown] = useState<string | null>(null)
  const [target, setTarget] = useState('')
  const state = clock.data
  // In real mode the clock runs on: shown as fetched plus the wall time since, times its speed.
  useEffect(() => {
    if (!state) return
    setShown(state.now)
    if (state.mode !== 'real') return
    const fetchedAt = Date.now()
    const base = Date.parse(state.now)
    const tick = setInterval(() => setShown(new Date(base + (Date.now() - fetchedAt) * state.speed).toISOString()), 250)
    return () => clearInterval(tick)
  }, [state])
  if (!state) return <div class="clock muted">{clock.failure ?? 'clock…'}</div>
  const advance = (body: unknown) => async () => {
    await api.post('/_mock/clock/advance', body)
    bus.reloadAll()
  }
  const setMode = async () => {
    await api.post('/_mock/clock/mode', { mode: state.mode === 'real' ? 'manual' : 'real' })
    bus.reloadAll()
  }
  return (
    <div class="clock" aria-label="Clock">
      <button type="button" class={`mode ${state.mode}`} onClick={setMode} title="Switch the clock's mode">
        {state.mode === 'real' ? `real${state.speed !== 1 ? ` ×${state.speed}` : ''}` : 'manual'}
      </button>
      <span class="now mono" data-now={state.now}>
        {shown ? clockText(shown) : ''} <span class="muted">UTC</span>
      </span>
      <span class="timers" title="Pending timers: call turns, orders, reviews, scheduled calls, webhook retries">
        {state.pending_timers} timer{state.pending_timers === 1 ? '' : 's'}
      </span>
      <Action label="+1 s" run={advance({ seconds: 1 })} />
      <Action label="+10 s" run={advance({ seconds: 10 })} />
      <Action label="+1 min" run={advance({ seconds: 60 })} />
      <input
        type="datetime-local"
        step="1"
        aria-label="Advance to"
        value={target}
        onInput={(event) => setTarget((event.target as HTMLInputElement).value)}
      />
      <Action label="Go" run={advance({ to: `${target}Z` })} disabled={!target} title="Advance to this time (UTC)" />
    </div>
  )
}

// --- the request journal ---

export function Journal() {
  const { api } = useShared()
  const filters = useForm({ method: '', path: '', status: '' })
  const [open, setOpen] = useState<number | null>(null)
  const { method, path, status } = filters.values
  const query = new URLSearchParams({ limit: '100' })
  if (method) query.set('method', method)
  if (path) query.set('path', path)
  if (/^\d{3}$/.test(status)) query.set('status', status)
  const journal = useLive(
    (api) => api.get<Page<JournalEntry>>(`/_mock/requests?${query}`),
    [query.toString()],
    (event) => event.type === 'request',
  )
  return (
    <Panel
      title={`Requests${journal.data ? ` (${journal.data.meta.total})` : ''}`}
      actions={
        <Action
          label="Clear"
          kind="danger"
          run={async () => {
            await api.delete('/_mock/requests')
            journal.reload()
          }}
        />
      }
    >
      <div class="form-row filters">
        <MethodSelect {...filters.bind('method')} />
        <label class="grow">
          Path starts with
          <input {...filters.bind('path')} name="path" placeholder="/v1/calls" />
        </label>
        <label>
          Status
          <input {...filters.bind('status')} name="status" placeholder="404" size={5} />
        </label>
      </div>
      {!journal.data ? (
        <Loading failure={journal.failure} />
      ) : journal.data.data.length === 0 ? (
        <p class="muted">No requests{method || path || status ? ' match' : ' yet'}.</p>
      ) : (
        <table class="table journal">
          <thead>
            <tr>
              <th>Time</th>
              <th>Method</th>
              <th>Path</th>
              <th>Status</th>
              <th class="num">ms</th>
            </tr>
          </thead>
          <tbody>
            {journal.data.data.map((entry) => [
              <tr key={entry.id} class="clickable" onClick={() => setOpen(open === entry.id ? null : entry.id)}>
                <td>
                  <Time at={entry.at} date={false} />
                </td>
                <td class={`method ${entry.method}`}>{entry.method}</td>
                <td class="mono">
                  {entry.path}
                  {Object.keys(entry.query ?? {}).length > 0 && (
                    <span class="muted">?{new URLSearchParams(entry.query as Record<string, string>).toString()}</span>
                  )}
                </td>
                <td>
                  <Pill status={entry.status} tone={httpTone(entry.status)} />
                </td>
                <td class="num">{entry.duration_ms}</td>
              </tr>,
              open === entry.id && (
                <tr key={`${entry.id}-detail`} class="detail">
                  <td colSpan={5}>
                    <div class="attempt-detail">
                      <div>
                        <h4>Request body</h4>
                        <Body value={entry.request.body} />
                      </div>
                      <div>
                        <h4>Response body</h4>
                        <Body value={entry.response.body} />
                      </div>
                    </div>
                  </td>
                </tr>
              ),
            ])}
          </tbody>
        </table>
      )}
    </Panel>
  )
}

// --- resources ---

const resourceEvent = (event: MockEvent) =>
  event.type === 'resource.changed' ||
  event.type === 'order.settled' ||
  event.type === 'verification.reviewed' ||
  event.type === 'scheduled_call.fired'

/** A list of the workspace's resources as a table: columns are [heading, cell] pairs. */
function ResourceTable<T extends Record<string, unknown>>(props: {
  title: string
  path: string
  columns: [string, (row: T, reload: () => void) => ComponentChildren][]
}) {
  const list = useLive((api) => api.get<Page<T>>(`${props.path}?limit=100`), [props.path], resourceEvent)
  return (
    <Panel title={`${props.title}${list.data ? ` (${list.data.meta.total})` : ''}`}>
      {!list.data ? (
        <Loading failure={list.failure} />
      ) : list.data.data.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              {props.columns.map(([heading]) => (
                <th key={heading}>{heading}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {list.data.data.map((row, i) => (
              <tr key={String(row.id ?? row.contact_id ?? i)}>
                {props.columns.map(([heading, cell]) => (
                  <td key={heading}>{cell(row, list.reload)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  )
}

type Row = Record<string, any>

const id = (row: Row) => (
  <span class="mono muted" title={row.id}>
    {shortId(row.id)}
  </span>
)

export function Assistants() {
  return (
    <ResourceTable<Row>
      title="Assistants"
      path="/v1/assistants"
      columns={[
        ['Name', (a) => <strong>{a.name}</strong>],
        ['Type', (a) => a.type],
        ['Number', (a) => <span class="mono">{a.phone_number?.number ?? '—'}</span>],
        ['Server URL', (a) => <span class="mono">{a.server_url ?? '—'}</span>],
        ['Tools', (a) => a.tools.map((t: Row) => t.name ?? t.function?.name).join(', ') || '—'],
        ['Id', id],
      ]}
    />
  )
}

export function Contacts() {
  return (
    <ResourceTable<Row>
      title="Contacts"
      path="/v1/contacts"
      columns={[
        ['Name', (c) => <strong>{c.full_name ?? '—'}</strong>],
        ['Phone', (c) => <span class="mono">{c.phone_number}</span>],
        ['Email', (c) => c.email ?? '—'],
        ['Last interaction', (c) => <Time at={c.last_interaction_at} />],
        ['Id', (c) => <span class="mono muted">{shortId(c.contact_id)}</span>],
      ]}
    />
  )
}

export function Numbers() {
  const { api } = useShared()
  const outcome = (order: Row, reload: () => void, result: 'success' | 'failed') => (
    <Action
      label={result === 'success' ? 'Complete' : 'Fail'}
      kind={result === 'success' ? 'primary' : 'danger'}
      run={async () => {
        await api.post(`/_mock/phone-number-orders/${order.id}/complete`, { outcome: result })
        reload()
      }}
    />
  )
  return (
    <>
      <ResourceTable<Row>
        title="Phone numbers"
        path="/v1/phone-numbers"
        columns={[
          ['Number', (n) => <strong class="mono">{n.phone_number}</strong>],
          ['Type', (n) => n.number_type],
          ['Locality', (n) => n.locality ?? '—'],
          ['Assistant', (n) => n.linked_assistant?.name ?? <span class="muted">available</span>],
          ['Since', (n) => <Time at={n.created_at} />],
        ]}
      />
      <ResourceTable<Row>
        title="Orders"
        path="/v1/phone-number-orders"
        columns={[
          ['Number', (o) => <span class="mono">{o.phone_number}</span>],
          ['Status', (o) => <Pill status={o.status} />],
          ['Ordered', (o) => <Time at={o.ordered_at} />],
          ['Id', id],
          [
            '',
            (o, reload) =>
              o.status === 'pending' && (
                <div class="btn-row">
                  {outcome(o, reload, 'success')}
                  {outcome(o, reload, 'failed')}
                </div>
              ),
          ],
        ]}
      />
    </>
  )
}

export function Verification() {
  const { api } = useShared()
  const review = (group: Row, reload: () => void, outcome: 'approved' | 'rejected') => (
    <Action
      label={outcome === 'approved' ? 'Approve' : 'Reject'}
      kind={outcome === 'approved' ? 'primary' : 'danger'}
      run={async () => {
        await api.post(`/_mock/verification-groups/${group.id}/review`, { outcome })
        reload()
      }}
    />
  )
  return (
    <ResourceTable<Row>
      title="Verification groups"
      path="/v1/verification-groups"
      columns={[
        ['Name', (g) => <strong>{g.name}</strong>],
        ['Business', (g) => g.business_name],
        ['Type', (g) => g.phone_number_type],
        ['Status', (g) => <Pill status={g.status} />],
        ['Created', (g) => <Time at={g.created_at} />],
        [
          '',
          (g, reload) =>
            g.status === 'pending' && (
              <div class="btn-row">
                {review(g, reload, 'approved')}
                {review(g, reload, 'rejected')}
              </div>
            ),
        ],
      ]}
    />
  )
}

export function ScheduledCalls() {
  return (
    <ResourceTable<Row>
      title="Scheduled calls"
      path="/v1/scheduled-calls"
      columns={[
        ['Due', (s) => <Time at={s.scheduled_at} />],
        ['To', (s) => <span class="mono">{s.phone_number}</span>],
        ['Status', (s) => <Pill status={s.status} />],
        [
          'Call',
          (s) => (s.call_id ? <a href={`#/calls/${s.call_id}`}>{shortId(s.call_id)}</a> : (s.failure_reason ?? '—')),
        ],
        ['Id', id],
      ]}
    />
  )
}

// --- fault rules ---

interface FaultRule {
  id: number
  method: string | null
  path: string
  status: number | null
  code: string | null
  delay_ms: number
  times: number | null
  remaining: number | null
  probability: number | null
  applied: number
}

export function Faults() {
  const { api } = useShared()
  const rules = useLive(
    (api) => api.get<{ data: FaultRule[] }>('/_mock/faults').then((r) => r.data),
    [],
    (event) => event.type === 'request',
  )
  const form = useForm({ method: '', path: '/v1/', status: '500', delay: '', times: '' })
  const add = async () => {
    const { method, path, status, delay, times } = form.values
    const rule: Record<string, unknown> = { path }
    if (method) rule.method = method
    if (status) rule.status = Number(status)
    if (delay) rule.delay_ms = Number(delay)
    if (times) rule.times = Number(times)
    await api.post('/_mock/faults', rule)
    rules.reload()
  }
  return (
    <Panel title="Fault rules">
      <p class="muted">The next matching /v1 requests get the error and/or the delay.</p>
      <div class="form-row">
        <MethodSelect {...form.bind('method')} />
        <label class="grow">
          Path (prefix, * or **)
          <input {...form.bind('path')} name="path" />
        </label>
        <label>
          Status
          <input {...form.bind('status')} name="status" size={5} />
        </label>
        <label>
          Delay ms
          <input {...form.bind('delay')} name="delay" size={6} />
        </label>
        <label>
          Times
          <input {...form.bind('times')} name="times" size={4} placeholder="∞" />
        </label>
        <Action label="Add rule" kind="primary" run={add} />
      </div>
      {!rules.data ? (
        <Loading failure={rules.failure} />
      ) : rules.data.length === 0 ? (
        <p class="muted">No fault rules: every request is answered normally.</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th>#</th>
              <th>Method</th>
              <th>Path</th>
              <th>Answer</th>
              <th>Delay</th>
              <th>Left</th>
              <th>Applied</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rules.data.map((rule) => (
              <tr key={rule.id}>
                <td>{rule.id}</td>
                <td>{rule.method ?? 'any'}</td>
                <td class="mono">{rule.path}</td>
                <td>{rule.status || rule.code ? <Pill status={rule.status ?? rule.code!} tone="bad" /> : '—'}</td>
                <td>{rule.delay_ms ? `${rule.delay_ms} ms` : '—'}</td>
                <td>{rule.remaining ?? '∞'}</td>
                <td>{rule.applied}</td>
                <td>
                  <Action
                    label="Remove"
                    kind="danger"
                    run={async () => {
                      await api.delete(`/_mock/faults/${rule.id}`)
                      rules.reload()
                    }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  )
}

// --- settings ---

interface Settings {
  credits: number
  webhook_urls: string[]
  call_mode: 'auto' | 'manual'
  callee_outcome: string
  order_outcome: string
  review_outcome: string
  ring_seconds: number
  turn_seconds: number
  order_delay_seconds: number
  review_delay_seconds: number
}

const choices: Record<string, string[]> = {
  call_mode: ['auto', 'manual'],
  callee_outcome: ['answer', 'no-answer', 'busy'],
  order_outcome: ['success', 'failed'],
  review_outcome: ['approved', 'rejected', 'manual'],
}
const numbers = ['ring_seconds', 'turn_seconds', 'order_delay_seconds', 'review_delay_seconds', 'credits'] as const

export function SettingsView() {
  const { api, notify } = useShared()
  const settings = useLive(
    (api) => api.get<{ data: Settings }>('/_mock/config').then((r) => r.data),
    [],
    () => false,
  )
  const [urls, setUrls] = useState('')
  useEffect(() => setUrls(settings.data?.webhook_urls.join('\n') ?? ''), [settings.data])
  if (!settings.data) return <Loading failure={settings.failure} />
  const save = async (changes: Partial<Settings>) => {
    await api.patch('/_mock/config', changes)
    settings.reload()
  }
  /** A field saved as soon as it changes; a refused value is reported and shown as it was. */
  const saveNow = (changes: Partial<Settings>) =>
    save(changes).then(
      () => notify('Saved', 'ok'),
      (error: Error) => {
        notify(error.message, 'bad')
        settings.reload()
      },
    )
  return (
    <Panel title="Settings of this workspace">
      <div class="settings">
        <label class="wide">
          Webhook URLs (one a line)
          <textarea
            name="webhook_urls"
            rows={3}
            class="mono"
            value={urls}
            onInput={(event) => setUrls((event.target as HTMLTextAreaElement).value)}
          />
        </label>
        <div class="wide">
          <Action
            label="Save webhook URLs"
            kind="primary"
            done="Webhook URLs saved"
            run={() =>
              save({
                webhook_urls: urls
                  .split('\n')
                  .map((u) => u.trim())
                  .filter(Boolean),
              })
            }
          />
        </div>
        {Object.entries(choices).map(([name, options]) => (
          <label key={name}>
            {name.replace(/_/g, ' ')}
            <select
              name={name}
              value={String(settings.data![name as keyof Settings])}
              onChange={(event) => saveNow({ [name]: (event.target as HTMLSelectElement).value })}
            >
              {options.map((option) => (
                <option key={option}>{option}</option>
              ))}
            </select>
          </label>
        ))}
        {numbers.map((name) => (
          <label key={name}>
            {name.replace(/_/g, ' ')}
            <input
              name={name}
              type="number"
              value={settings.data![name]}
              onChange={(event) => saveNow({ [name]: Number((event.target as HTMLInputElement).value) })}
            />
          </label>
        ))}
      </div>
    </Panel>
  )
}
