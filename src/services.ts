// The domain of one app instance, wired together: one database, one set of clocks and timers, one
// repository per resource. Built by buildApp, handed to routes as `app.services`.
import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Config } from './config.js'
import { defaultSettings } from '../schemas/mock.js'
import { createAssistants } from './assistants/assistants.js'
import { systemWallClock, type WallClock } from './clock/clock.js'
import { createClocks } from './clock/clocks.js'
import { createRealTimeDriver } from './clock/real-time.js'
import { createContacts } from './contacts/contacts.js'
import { openDatabase, transaction } from './db/open.js'
import { createLinks } from './phone-numbers/links.js'
import { createNumbers } from './phone-numbers/numbers.js'
import { createOrders } from './phone-numbers/orders.js'
import { applySeed, loadSeed, type SeedDocument } from './seed/seed.js'
import { createTimers } from './timers/timers.js'
import { createUsers } from './users/users.js'
import { createDocuments } from './verification/documents.js'
import { createGroups } from './verification/groups.js'
import { createWorkspaces, type Workspace } from './workspaces/workspaces.js'
import { createCalls } from './calls/calls.js'
import { createCallEngine } from './calls/engine.js'
import { recordingPath } from './calls/recording.js'
import { createDeliveries } from './webhooks/deliveries.js'
import { createDispatcher } from './webhooks/dispatcher.js'
import { createKnowledge } from './knowledge/knowledge.js'
import { createScheduledCalls } from './scheduled-calls/scheduled-calls.js'
import { createInstantAgents } from './instant-agents/agents.js'
import { createJournal } from './journal/journal.js'
import { createFaults } from './faults/faults.js'
import { createEventHub, defaultStreamOptions, type StreamOptions } from './events/hub.js'

/** What tests may replace to make time and ids exact. */
export interface Injected {
  wall?: WallClock
  newId?: () => string
  /** The event stream's keep-alive interval and per-reader buffer (a test need not wait 15 s). */
  stream?: Partial<StreamOptions>
}

export function createServices(
  config: Config,
  log: FastifyBaseLogger,
  { wall = systemWallClock, newId = randomUUID, stream = {} }: Injected = {},
) {
  const seed = loadSeed(config.seed)
  const db = openDatabase(config.db)
  const timers = createTimers(db)
  const clocks = createClocks(db, wall, timers)
  const deps = { db, now: clocks.now, newId }
  const users = createUsers(deps)
  const calls = createCalls(db)
  const numbers = createNumbers(db, calls)
  const contacts = createContacts(deps)
  const assistants = createAssistants({ ...deps, numbers, calls })
  const orders = createOrders({ ...deps, users, numbers, timers })
  const documents = createDocuments(deps)
  const groups = createGroups({ ...deps, timers, documents, numbers, orders })
  const links = createLinks({ db, numbers, orders, assistants })
  const seeder = { users, contacts, assistants, numbers, now: clocks.now }
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
  const realTime = createRealTimeDriver({ db, wall, clocks, timers, workspaces, log })
  const deliveries = createDeliveries(db, newId)
  const dispatcher = createDispatcher({
    db,
    deliveries,
    timers,
    workspaces,
    now: clocks.now,
    options: { secret: config.webhookSecret, timeoutMs: config.webhookTimeoutMs, retries: config.webhookRetries },
    log,
  })
  clocks.settleBeforeAdvance(dispatcher.flush)
  const recordingSecret = (
    db.prepare("SELECT value FROM meta WHERE key = 'recording_secret'").get() as { value: string }
  ).value
  // Where recordings are served; the listening address once the server listens.
  let baseUrl = `http://${['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host}:${config.port}`
  const engine = createCallEngine({
    ...deps,
    calls,
    assistants,
    numbers,
    contacts,
    users,
    timers,
    dispatcher,
    recordingUrl: (callId) => baseUrl + recordingPath(recordingSecret, callId),
  })

  return {
    config,
    db,
    timers,
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
    engine,
    knowledge: createKnowledge(db, assistants),
    journal,
    faults,
    /** The live event stream: what happened in each workspace, for /_mock/events and mock.events(). */
    events: createEventHub(),
    streamOptions: { ...defaultStreamOptions, ...stream },
    /** Wipes a workspace (its data, timers and deliveries go with its rows) and seeds it again. */
    reset(workspace: Workspace) {
      workspaces.reset(workspace)
      journal.clear(workspace.id)
      faults.clear(workspace.id)
    },
    resetAll(caller: Workspace) {
      workspaces.resetAll(caller)
      journal.clearAll()
      faults.clearAll()
    },
    scheduledCalls: createScheduledCalls({ ...deps, timers, assistants, contacts, engine }),
    instantAgents: createInstantAgents(db, assistants),
    deliveries,
    dispatcher,
    recordingSecret,
    /** The URL the server answers at, once it listens (recording links use it). */
    setBaseUrl(url: string) {
      baseUrl = url
    },
    /** Loads a further seed document into a workspace (POST /_mock/seed). */
    seed: transaction(db, (workspace: Workspace, document: SeedDocument) => applySeed(seeder, workspace, document)),
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
