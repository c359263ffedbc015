// The timers table as the clock fires it (architecture.md § Time and timers): the timers due at
// one instant fire together in the order they were scheduled, each applying its effect on its
// own — a timer that fails is dropped with its effect, and the ones before it keep theirs.
import t from 'tap'
import { KEY, T0, client, testApp } from './helpers.js'

interface Step {
  name: string
  /** The subject whose timers this one cancels. */
  cancels?: string
  /** A timer this one schedules for its own instant. */
  adds?: string
  fails?: boolean
}

async function appWithSteps(t: Parameters<typeof testApp>[0]) {
  const app = await testApp(t)
  const { db, timers, workspaces } = app.services
  db.exec('CREATE TABLE test_fired (name TEXT NOT NULL, due_at INTEGER NOT NULL)')
  const fired = db.prepare('INSERT INTO test_fired (name, due_at) VALUES (?, ?)')
  timers.register('test.step', (payload, { workspace, dueAt }) => {
    const step = payload as Step
    fired.run(step.name, dueAt)
    if (step.cancels) timers.cancel(workspace, step.cancels)
    if (step.adds) timers.schedule(workspace, dueAt, 'test.step', { name: step.adds })
    if (step.fails) throw new Error(`${step.name} fails`)
  })
  const workspace = workspaces.resolve(KEY)
  return {
    api: client(app),
    schedule: (at: number, step: Step, subject: string | null = null) =>
      timers.schedule(workspace, at, 'test.step', step, subject),
    fired: () =>
      db.prepare('SELECT name, due_at FROM test_fired ORDER BY rowid').all() as { name: string; due_at: number }[],
    pending: () => timers.pending(workspace),
  }
}

t.test(
  'timers due at one instant fire in the order scheduled; one may cancel or add another of that instant',
  async (t) => {
    const { api, schedule, fired } = await appWithSteps(t)
    schedule(T0 + 20_000, { name: 'later' })
    schedule(T0 + 10_000, { name: 'first', cancels: 'doomed', adds: 'added' })
    schedule(T0 + 10_000, { name: 'cancelled' }, 'doomed')
    schedule(T0 + 10_000, { name: 'second' })

    t.equal((await api.advance(60)).statusCode, 200)
    t.same(fired(), [
      { name: 'first', due_at: T0 + 10_000 },
      { name: 'second', due_at: T0 + 10_000 },
      { name: 'added', due_at: T0 + 10_000 },
      { name: 'later', due_at: T0 + 20_000 },
    ])
  },
)

t.test(
  'a timer that fails is dropped with its effect; those before it keep theirs, those after it fire next time',
  async (t) => {
    const { api, schedule, fired, pending } = await appWithSteps(t)
    schedule(T0 + 10_000, { name: 'before' })
    schedule(T0 + 10_000, { name: 'failing', adds: 'never', fails: true })
    schedule(T0 + 10_000, { name: 'after' })

    t.equal((await api.advance(60)).statusCode, 500, 'the advance reports the failure')
    t.same(
      fired().map((f) => f.name),
      ['before'],
      "the failing timer's effect is undone",
    )
    t.equal(pending(), 1, 'the failing timer is gone, the one after it waits')

    t.equal((await api.advance(60)).statusCode, 200)
    t.same(
      fired().map((f) => f.name),
      ['before', 'after'],
    )
    t.equal(pending(), 0)
  },
)
