// The domain of one app instance, wired together: one database, one unit of work, one set of
// clocks and timers, one repository per resource. Built by buildApp, handed to routes as
// `app.services`. This file only wires; the one table of timer kinds below is where every timer
// goes when it is due.
import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Config } from './config.js'
import { defaultSettings } from '../schemas/mock.js'
import { createAssistants } from './assistants/assistants.js'
import { createLinks } from './assistants/links.js'
import { createCalls } from './calls/calls.js'
import { createRecordingLinks } from './calls/recording.js'
import { createClocks, type FireTimer } from './clock/clocks.js'
import { createRealTimeDriver } from './clock/real-time.js'
import { createContacts } from './contacts/contacts.js'
import { metaValue, openDatabase } from './db/open.js'
import { createEffects, type Work } from './effects/work.js'
import type { EventSink } from './events/catalogue.js'
import { createEventHub, defaultStreamOptions, type StreamOptions } from './events/hub.js'
import { createFaults } from './faults/faults.js'
import { createInstantAgents } from './instant-agents/agents.js'
import { createJournal } from './journal/journal.js'
import { createKnowledge } from './knowledge/knowledge.js'
import { createNumbers } from './phone-numbers/numbers.js'
import { createOrders } from './phone-numbers/orders.js'
import { createScheduledCalls } from './scheduled-calls/scheduled-calls.js'
import { applySeed, loadSeed, type SeedDocument } from './seed/seed.js'
import { createSimulator } from './simulator/simulator.js'
import { createTimers, type DueTimer, type TimerKind, type TimerPayloads } from './timers/timers.js'
import { createUsers } from './users/users.js'
import { createDocuments } from './verification/documents.js'
import { createGroups } from './verification/groups.js'
import { createDeliveries } from './webhooks/deliveries.js'
import { createDispatcher } from './webhooks/dispatcher.js'
import { clockReader, systemWallClock, type WallClock } from './workspaces/clock.js'
import { createWorkspaces, type Workspace } from './workspaces/workspaces.js'

/** What tests may replace to make time and ids exact, and where the live event stream goes. */
export interface Injected {
  wall?: WallClock
  newId?: () => string
  /** Also receives every event a unit of work publishes, after its commit (the stream's hub always does). */
  events?: EventSink
  /** The event stream's keep-alive interval and per-reader buffer (a test need not wait 15 s). */
  stream?: Partial<StreamOptions>
}

export function createServices(
  config: Config,
  log: FastifyBaseLogger,
  { wall = systemWallClock, newId = randomUUID, events: alsoTo, stream = {} }: Injected = {},
) {
  const seed = loadSeed(config.seed)
  const db = openDatabase(config.db)
  const now = clockReader(wall)
  const deps = { db, now, newId }
  const timers = createTimers(db)
  const deliveries = createDeliveries(db, newId)
  // The live event stream's hub gets every event published; a sink a test injects gets them too.
  const events = createEventHub()
  const sink: EventSink = alsoTo
    ? {
        publish(...event) {
          events.publish(...event)
          alsoTo.publish(...event)
        },
      }
    : events
  // The unit of work sends what it queued through the dispatcher and re-aims the real-time driver,
  // both built below (they run units of work themselves).
  const effects = createEffects({
    db,
    now,
    timers,
    webhooks: { add: deliveries.add, send: (workspace, callId, url) => dispatcher.send(workspace, callId, url) },
    timersChanged: () => realTime.timersChanged(),
    events: sink,
  })
  const users = createUsers(deps)
  const calls = createCalls(db)
  const numbers = createNumbers(db, effects, calls)
  const contacts = createContacts({ ...deps, effects })
  const scheduledCalls = createScheduledCalls({
    ...deps,
    effects,
    assistantExists: (workspace, id) => assistants.assertExists(workspace, id),
    contacts,
  })
  const assistants = createAssistants({ ...deps, effects, numbers, calls, scheduledCalls })
  const orders = createOrders({ ...deps, effects, users, numbers })
  const documents = createDocuments(deps)
  const groups = createGroups({ ...deps, effects, documents, numbers, orders })
  const links = createLinks({ effects, numbers, orders, assistants })
  const seeder = { users, contacts, assistants, numbers, now }
  const workspaces = createWorkspaces({
    db,
    wall,
    newId,
    clockMode: config.clock,
    settings: { ...defaultSettings, webhook_urls: config.webhookUrls, call_mode: config.callMode },
    populate: (workspace: Workspace) => applySeed(seeder, workspace, seed),
  })
  const journal = createJournal()
  const faults = createFaults()
  const dispatcher = createDispatcher({
    deliveries,
    effects,
    workspaces,
    answered: (work, delivery, attempt) => simulator.answered(work, delivery, attempt),
    now,
    options: { secret: config.webhookSecret, timeoutMs: config.webhookTimeoutMs, retries: config.webhookRetries },
    log,
  })
  // Where recordings are served; the listening address once the server listens.
  const host = ['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host
  const recordings = createRecordingLinks(metaValue(db, 'recording_secret'), `http://${host}:${config.port}`)
  const simulator = createSimulator({
    ...deps,
    effects,
    calls,
    assistants,
    numbers,
    contacts,
    users,
    scheduledCalls,
    dispatcher,
    recordingUrl: recordings.url,
  })

  /** Every timer kind, and what its time coming does. */
  const fireTimer: FireTimer = (work: Work, timer: DueTimer) => {
    const payload = <K extends TimerKind>() => timer.payload as TimerPayloads[K]
    const kind = timer.kind as TimerKind
    switch (kind) {
      case 'call.answer':
      case 'call.turn':
      case 'call.max-duration':
        return simulator.timerDue(work, kind, payload<typeof kind>())
      case 'scheduled-call.fire':
        return scheduledCalls.fire(work, payload<typeof kind>(), simulator.placeOutbound)
      case 'phone-number-order.complete':
        return orders.completeDue(work, payload<typeof kind>())
      case 'verification-group.review':
        return groups.reviewDue(work, payload<typeof kind>())
      case 'webhook.retry':
        return dispatcher.retryDue(work, payload<typeof kind>())
      default:
        // A kind from outside the mock (a test's own); one this build does not know is dropped.
        return timers.extraKind(timer.kind)?.(timer.payload, { workspace: work.workspace, dueAt: timer.due_at })
    }
  }
  const clocks = createClocks({ db, wall, timers, effects, dispatcher, fire: fireTimer })
  const realTime = createRealTimeDriver({ db, wall, clocks, workspaces, log })

  return {
    config,
    db,
    timers,
    /** Units of work: a write, and what it causes once it has committed. */
    effects,
    clocks,
    workspaces,
    users,
    contacts,
    assistants,
    numbers,
    orders,
    links,
    groups,
    documents,
    calls,
    simulator,
    knowledge: createKnowledge(db, assistants),
    journal,
    faults,
    /** The live event stream: what happened in each workspace, for /_mock/events and mock.events(). */
    events,
    streamOptions: { ...defaultStreamOptions, ...stream },
    /** Wipes a workspace (its data, timers and deliveries go with its rows) and seeds it again. */
    reset(workspace: Workspace) {
      // Written first, so that the wipe takes them with the workspace's other rows.
      contacts.writeHeldCounts()
      workspaces.reset(workspace)
      journal.clear(workspace.id)
      faults.clear(workspace.id)
    },
    resetAll(caller: Workspace) {
      contacts.writeHeldCounts()
      workspaces.resetAll(caller)
      journal.clearAll()
      faults.clearAll()
    },
    scheduledCalls,
    instantAgents: createInstantAgents(db, assistants),
    deliveries,
    dispatcher,
    recordingSecret: recordings.secret,
    /** The URL the server answers at, once it listens (recording links use it). */
    setBaseUrl: recordings.setBaseUrl,
    /** Loads a further seed document into a workspace (POST /_mock/seed). */
    seed: (workspace: Workspace, document: SeedDocument) =>
      effects.run(workspace, () => applySeed(seeder, workspace, document)),
    start() {
      realTime.start()
      dispatcher.resume()
    },
    async close() {
      realTime.stop()
      await dispatcher.close()
      // An advance under way finishes (its deliveries were aborted) before the database closes.
      await clocks.idle()
      db.close()
    },
  }
}

export type Services = ReturnType<typeof createServices>
