// The inspector (GET /_mock/ui): one workspace of the mock, live. The key comes from the page
// (typed, remembered in this browser) or from the URL fragment `#key=...`, which never reaches the
// server; the admin token is asked for when the control plane wants one.
import { render } from 'preact'
import { useEffect, useMemo, useState } from 'preact/hooks'
import { createApi, readStream, type ApiFailure, type Session, type StreamState } from './api.js'
import { CallsView, rememberStatus } from './calls.js'
import { SharedContext, bus } from './kit.js'
import {
  Assistants,
  Clock,
  Contacts,
  Faults,
  Journal,
  Numbers,
  ScheduledCalls,
  SettingsView,
  Verification,
} from './views.js'
import './style.css'

const KEY_ITEM = 'flireo-mock.key'
const ADMIN_ITEM = 'flireo-mock.admin'

/** The key of `#key=...` (then taken out of the address bar), or the one remembered. */
function initialSession(): Session {
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get('key')
  if (fromFragment) {
    localStorage.setItem(KEY_ITEM, fromFragment)
    history.replaceState(null, '', `${location.pathname}${location.search}#/calls`)
  }
  return { key: localStorage.getItem(KEY_ITEM) ?? '', admin: sessionStorage.getItem(ADMIN_ITEM) ?? '' }
}

const sections = [
  ['calls', 'Calls'],
  ['requests', 'Requests'],
  ['assistants', 'Assistants'],
  ['contacts', 'Contacts'],
  ['numbers', 'Numbers & orders'],
  ['verification', 'Verification'],
  ['scheduled', 'Scheduled calls'],
  ['faults', 'Fault rules'],
  ['settings', 'Settings'],
] as const

function useRoute() {
  const read = () => location.hash.replace(/^#\/?/, '').split('/')
  const [route, setRoute] = useState(read)
  useEffect(() => {
    const changed = () => setRoute(read())
    addEventListener('hashchange', changed)
    return () => removeEventListener('hashchange', changed)
  }, [])
  return route
}

function KeyForm({ onKey, asking }: { onKey: (session: Session) => void; asking?: 'admin' }) {
  const [value, setValue] = useState('')
  const admin = asking === 'admin'
  const submit = (event: Event) => {
    event.preventDefault()
    if (value.trim()) onKey({ key: '', admin: '', [admin ? 'admin' : 'key']: value.trim() } as Session)
  }
  return (
    <div class="gate">
      <form class="gate-card" onSubmit={submit}>
        <h1>
          <span class="logo">◉</span> flireo-mock inspector
        </h1>
        {admin ? (
          <p>
            This mock's control plane needs the <strong>admin token</strong> (<code>--admin-token</code>). It is kept
            for this browser tab only.
          </p>
        ) : (
          <p>
            Each API key is its own workspace. Enter the key your app uses; this browser remembers it. You can also open
            <code>/_mock/ui#key=&lt;api key&gt;</code>.
          </p>
        )}
        <input
          name={admin ? 'admin-token' : 'api-key'}
          type="password"
          autoFocus
          placeholder={admin ? 'Admin token' : 'API key'}
          value={value}
          onInput={(event) => setValue((event.target as HTMLInputElement).value)}
        />
        <button type="submit" class="btn primary">
          {admin ? 'Unlock' : 'Open workspace'}
        </button>
      </form>
    </div>
  )
}

interface Toast {
  id: number
  text: string
  tone: 'ok' | 'bad'
}

function App() {
  const [session, setSession] = useState(initialSession)
  const [needsAdmin, setNeedsAdmin] = useState(false)
  const [stream, setStream] = useState<StreamState>('connecting')
  const [toasts, setToasts] = useState<Toast[]>([])
  const route = useRoute()

  const notify = (text: string, tone: 'ok' | 'bad' = 'ok') => {
    const toast = { id: Math.random(), text, tone }
    setToasts((list) => [...list.slice(-3), toast])
    setTimeout(() => setToasts((list) => list.filter((t) => t !== toast)), 4000)
  }
  const onFailure = (failure: ApiFailure) => {
    if (failure.needsAdmin) setNeedsAdmin(true)
  }
  const shared = useMemo(() => ({ api: createApi(session, onFailure), notify }), [session])

  useEffect(() => {
    if (!session.key) return
    setStream('connecting')
    return readStream(
      session,
      (event) => {
        rememberStatus(event)
        bus.publish(event)
      },
      (state, failure) => {
        setStream(state)
        if (failure) onFailure(failure)
      },
    )
  }, [session])

  if (!session.key) {
    return <KeyForm onKey={(next) => setSession({ ...session, key: next.key })} />
  }
  if (needsAdmin) {
    return (
      <KeyForm
        asking="admin"
        onKey={(next) => {
          sessionStorage.setItem(ADMIN_ITEM, next.admin)
          setNeedsAdmin(false)
          setSession({ ...session, admin: next.admin })
        }}
      />
    )
  }
  const [section = 'calls', id] = route
  const forget = () => {
    localStorage.removeItem(KEY_ITEM)
    setSession({ key: '', admin: session.admin })
  }
  return (
    <SharedContext.Provider value={shared}>
      <div class="shell">
        <header class="top">
          <a class="brand" href="#/calls">
            <span class="logo">◉</span> flireo-mock
          </a>
          <span class={`stream ${stream}`} title="The event stream (/_mock/events)">
            {stream === 'live' ? 'live' : stream}
          </span>
          <Clock key={session.key} />
          <button type="button" class="key" onClick={forget} title="Use another API key">
            key <span class="mono">{session.key.slice(0, 10)}…</span>
          </button>
        </header>
        <nav class="side">
          {sections.map(([name, label]) => (
            <a key={name} href={`#/${name}`} class={section === name ? 'on' : ''}>
              {label}
            </a>
          ))}
        </nav>
        <main class="main" key={session.key}>
          {section === 'calls' && <CallsView selected={id} />}
          {section === 'requests' && <Journal />}
          {section === 'assistants' && <Assistants />}
          {section === 'contacts' && <Contacts />}
          {section === 'numbers' && <Numbers />}
          {section === 'verification' && <Verification />}
          {section === 'scheduled' && <ScheduledCalls />}
          {section === 'faults' && <Faults />}
          {section === 'settings' && <SettingsView />}
        </main>
        <div class="toasts" role="status">
          {toasts.map((toast) => (
            <div key={toast.id} class={`toast ${toast.tone}`}>
              {toast.text}
            </div>
          ))}
        </div>
      </div>
    </SharedContext.Provider>
  )
}

render(<App />, document.getElementById('app')!)
