// What every view of the inspector shares: the event bus, the live-loading hook, and the small
// components (status pills, times, action buttons, JSON).
import { createContext, type ComponentChildren } from 'preact'
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks'
import type { Api, MockEvent } from './api.js'

// --- the event bus: every event of the stream, to whichever view listens ---

const listeners = new Set<(event: MockEvent) => void>()
const reloads = new Set<() => void>()
export const bus = {
  publish: (event: MockEvent) => listeners.forEach((listener) => listener(event)),
  listen(listener: (event: MockEvent) => void) {
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
    }
  },
  /** Every view loads again: after the page itself moved the clock, anything may have changed. */
  reloadAll: () => reloads.forEach((reload) => reload()),
}

export interface Shared {
  api: Api
  /** Shows a message at the bottom of the page for a few seconds. */
  notify(text: string, tone?: 'ok' | 'bad'): void
}
export const SharedContext = createContext<Shared>(null as unknown as Shared)
export const useShared = () => useContext(SharedContext)

/**
 * Loads with `load`, and again (once, shortly after a burst) whenever the stream brings an event
 * that `wants`. Returns the data, the last failure and a reload for after the page's own actions.
 */
export function useLive<T>(load: (api: Api) => Promise<T>, deps: unknown[], wants: (event: MockEvent) => boolean) {
  const { api } = useShared()
  const [data, setData] = useState<T | undefined>(undefined)
  const [failure, setFailure] = useState<string | undefined>(undefined)
  const latest = useRef({ load, wants })
  latest.current = { load, wants }
  const reload = useCallback(async () => {
    try {
      setData(await latest.current.load(api))
      setFailure(undefined)
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error))
    }
  }, [api])
  useEffect(() => {
    setData(undefined)
    reload()
    reloads.add(reload)
    let timer: ReturnType<typeof setTimeout> | undefined
    const stop = bus.listen((event) => {
      if (!latest.current.wants(event) || timer) return
      timer = setTimeout(() => {
        timer = undefined
        reload()
      }, 60)
    })
    return () => {
      stop()
      reloads.delete(reload)
      clearTimeout(timer)
    }
  }, [reload, ...deps])
  return { data, failure, reload }
}

// --- statuses: a colour says what the status means ---

export type Tone = 'idle' | 'wait' | 'live' | 'ok' | 'warn' | 'bad'

const tones: Record<string, Tone> = {
  queued: 'idle',
  scheduled: 'idle',
  ringing: 'wait',
  pending: 'wait',
  'in-progress': 'live',
  live: 'live',
  ended: 'ok',
  success: 'ok',
  completed: 'ok',
  approved: 'ok',
  active: 'ok',
  'ended-with-debugging': 'warn',
  cancelled: 'idle',
  deleted: 'idle',
  failed: 'bad',
  rejected: 'bad',
  error: 'bad',
}

/** The tone of an HTTP status: 2xx fine, 4xx the client's mistake, 5xx (or none) a failure. */
export const httpTone = (status: number | null | undefined): Tone =>
  !status ? 'bad' : status < 300 ? 'ok' : status < 500 ? 'warn' : 'bad'

export function Pill({ status, tone }: { status: string | number; tone?: Tone }) {
  return <span class={`pill ${tone ?? tones[String(status)] ?? 'idle'}`}>{status}</span>
}

// --- times: on the workspace's clock, as the API gives them (UTC) ---

const pad = (n: number) => String(n).padStart(2, '0')
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

export function clockText(iso: string, withDate = true) {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  return withDate ? `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${time}` : time
}

export function Time({ at, date = true }: { at: string | null | undefined; date?: boolean }) {
  if (!at) return <span class="muted">—</span>
  return (
    <time class="time" dateTime={at} title={at}>
      {clockText(at, date)}
    </time>
  )
}

// --- actions ---

/** A button that runs an API action, shows that it is busy, and reports a failure. */
export function Action(props: {
  label: ComponentChildren
  run: () => Promise<unknown>
  kind?: 'primary' | 'danger' | 'plain'
  disabled?: boolean
  done?: string
  title?: string
}) {
  const { notify } = useShared()
  const [busy, setBusy] = useState(false)
  const click = async () => {
    setBusy(true)
    try {
      await props.run()
      if (props.done) notify(props.done, 'ok')
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), 'bad')
    } finally {
      setBusy(false)
    }
  }
  return (
    <button
      type="button"
      class={`btn ${props.kind ?? 'plain'}`}
      disabled={busy || props.disabled}
      onClick={click}
      title={props.title}
    >
      {props.label}
    </button>
  )
}

/** A body as it was sent: JSON pretty-printed (on one line when short), text as it is. */
export function Body({ value }: { value: unknown }) {
  if (value === null || value === undefined || value === '') return <span class="muted">(empty)</span>
  let parsed = value
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value)
    } catch {
      return <pre class="code">{value}</pre>
    }
  }
  const line = JSON.stringify(parsed)
  return <pre class="code">{line.length <= 60 ? line : JSON.stringify(parsed, null, 2)}</pre>
}

export function Panel(props: { title: ComponentChildren; actions?: ComponentChildren; children: ComponentChildren }) {
  return (
    <section class="panel">
      <header class="panel-head">
        <h2>{props.title}</h2>
        {props.actions && <div class="panel-actions">{props.actions}</div>}
      </header>
      <div class="panel-body">{props.children}</div>
    </section>
  )
}

export function Loading({ failure }: { failure?: string }) {
  return failure ? <p class="failure">{failure}</p> : <p class="muted">Loading…</p>
}

export const shortId = (id: string | null | undefined) => (id ? id.slice(0, 8) : '—')

/** Form state for a few text fields: `[values, bind('name')]`. */
export function useForm<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState(initial)
  const bind = (name: keyof T) => ({
    value: values[name],
    onInput: (event: Event) => {
      const value = (event.target as HTMLInputElement).value
      setValues((current) => ({ ...current, [name]: value }))
    },
  })
  return {
    values,
    bind,
    set: (next: Partial<T>) => setValues((current) => ({ ...current, ...next })),
    clear: (...names: (keyof T)[]) =>
      setValues((current) => ({ ...current, ...Object.fromEntries(names.map((name) => [name, ''])) })),
  }
}

/** A select of the HTTP methods, '' meaning any. */
export function MethodSelect(props: { value: string; onInput: (event: Event) => void }) {
  return (
    <label>
      Method
      <select {...props} name="method">
        {['', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => (
          <option key={m} value={m}>
            {m || 'any'}
          </option>
        ))}
      </select>
    </label>
  )
}
