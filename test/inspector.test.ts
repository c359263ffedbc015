// The inspector (/_mock/ui) in a real browser: Debian's Chromium driven by playwright-core against a
// real server, a real webhook receiver on loopback, and the mock's manual clock. The test also
// takes the README's screenshots (docs/inspector-*.png), so the pictures stay true.
import t, { type Test } from 'tap'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { RunningMock } from '../src/index.js'
import { api, start } from './in-process.js'
import { KLANTENSERVICE, JAN_PHONE } from './fixtures.js'
import { startReceiver } from './receiver.js'
import { root } from './server-process.js'

const CHROMIUM = '/usr/bin/chromium'
/** Long enough for a page to load and show what the mock did, on a busy CI machine. */
const UI_TIMEOUT_MS = 15_000
/** One browser for the file (starting Chromium was most of a short test's time); each test has a context of its own. */
let browser: Browser

if (!existsSync(CHROMIUM)) {
  t.plan(0, `skipped: no browser at ${CHROMIUM} (apt-get install -y chromium; .ci/run installs it)`)
} else {
  // The page as `npm run build` ships it: dist/ui/index.html, which the server reads.
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build-ui.mjs')], { encoding: 'utf8' })
  if (built.status !== 0) throw new Error(`scripts/build-ui.mjs failed:\n${built.stderr}`)
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  t.teardown(() => browser.close())
  await tests()
}

/** A page in a context of its own (its own storage), closed after `t`. */
async function browserFor(t: Test) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } })
  context.setDefaultTimeout(UI_TIMEOUT_MS)
  t.teardown(() => context.close())
  return context.newPage()
}

/** The body of a request the mock accepted. */
async function accepted(mock: RunningMock, method: string, path: string, body?: unknown) {
  const { status, json } = await api(mock, method, path, body)
  if (status >= 300) throw new Error(`${method} ${path}: ${status} ${JSON.stringify(json)}`)
  return json
}

const screenshot = (page: Page, name: string) => page.screenshot({ path: join(root, 'docs', `inspector-${name}.png`) })

async function tests() {
  t.test('a manual call, driven from the page, with its webhooks and tool calls', async (t) => {
    const receiver = await startReceiver(t, (request) =>
      request.body.eventType === 'tool-calls'
        ? {
            json: {
              results: (request.body.tasksInitiated as { taskId: string }[]).map((task) => ({
                toolCallId: task.taskId,
                result: 'Dinsdag 14:00 is vrij',
              })),
            },
          }
        : { json: { received: true } },
    )
    const mock = await start(t, { quiet: true, webhookSecret: 'whsec_inspector' })
    await mock.config({ call_mode: 'manual', webhook_urls: [receiver.url('/hooks')] })
    await accepted(mock, 'PATCH', `/v1/assistants/${KLANTENSERVICE}`, { server_url: receiver.url('/assistant') })
    const page = await browserFor(t)

    await page.goto(`${mock.url}/_mock/ui#key=${mock.apiKey}`)
    await page.locator('.stream.live').waitFor()
    t.equal(new URL(page.url()).hash, '#/calls', 'the key left the address bar')
    t.equal(await page.evaluate(() => localStorage.getItem('flireo-mock.key')), mock.apiKey, 'the key is remembered')

    // Place an outbound call to Jan.
    await page.selectOption('select[name=assistant]', KLANTENSERVICE)
    await page.fill('input[name=phone]', JAN_PHONE)
    await page.click('button:has-text("Call")')
    await page.waitForURL(/#\/calls\/[0-9a-f-]{36}$/)
    const callId = page.url().split('/').pop()!
    await page.locator('.call-head .pill', { hasText: 'queued' }).waitFor()
    t.pass('the new call is shown, queued')

    // It is answered after ring_seconds: the clock moved by the test, the page follows the stream.
    await mock.clock.advance(1)
    await page.locator('.call-head .pill', { hasText: 'in-progress' }).waitFor()
    await page.locator('.timeline li', { hasText: 'in-progress' }).waitFor()
    await page.locator('.line.assistant .bubble', { hasText: 'Goedendag' }).waitFor()
    t.pass('answered: in progress, the first message in the transcript')

    // Speak as the customer.
    await page.fill('textarea[name=say]', 'Ik wil graag een afspraak maken')
    await page.click('button:has-text("Say as customer")')
    await page.locator('.line.user .bubble', { hasText: 'Ik wil graag een afspraak maken' }).waitFor()
    t.pass("the customer's line appears in the transcript")

    // A tool call; the receiver's answer is shown.
    await page.fill('input[name=tool]', 'check_availability')
    await page.fill('input[name=payload]', '{"dag": "dinsdag"}')
    await page.click('button:has-text("Send tool call")')
    await page.locator('.results', { hasText: 'Dinsdag 14:00 is vrij' }).waitFor()
    t.pass("the tool call's result from the receiver")
    // Sent to the assistant's server (whose answer the assistant speaks) and to the webhook URL.
    const toolCalls = page.locator('.panel', { hasText: 'Tool calls (2)' })
    const toAssistant = toolCalls.locator('tr', { hasText: receiver.url('/assistant') })
    await toAssistant.locator('td', { hasText: 'Dinsdag 14:00 is vrij' }).waitFor()
    await toAssistant.locator('td.mono', { hasText: 'check_availability' }).waitFor()
    t.pass("the tool calls panel lists it with the server's result")

    // Every webhook attempt, in order, with its answer.
    const events = await page.locator('.attempt .event').allTextContents()
    t.same(
      events,
      receiver.received.filter((r) => r.raw.includes(callId)).map((r) => r.body.eventType),
      'the attempts, in the order the receiver got them',
    )
    t.ok(events.includes('tool-calls') && events.includes('status-update'), `status updates and tool calls: ${events}`)
    const statusUpdate = page.locator('.attempt', { hasText: 'status-update' }).first()
    await statusUpdate.locator('.attempt-head').click()
    await statusUpdate.locator('.attempt-detail .code', { hasText: '{"received":true}' }).waitFor()
    await statusUpdate.locator('.headers tr', { hasText: 'x-flireo-event' }).waitFor()
    await statusUpdate.locator('.headers tr.signature', { hasText: 'x-flireo-signature' }).waitFor()
    t.pass("an attempt opens to show the request's headers and the receiver's answer")

    // Spoken by someone else (the app under test): the page shows it from the stream.
    await accepted(mock, 'POST', `/_mock/calls/${callId}/say`, { role: 'assistant', text: 'Dinsdag om twee uur dan?' })
    await page.locator('.line.assistant .bubble', { hasText: 'Dinsdag om twee uur dan?' }).waitFor()
    t.pass('a line said through the API appears without a reload')
    await page.evaluate(() => scrollTo(0, 0))
    await screenshot(page, 'call')
    await page.locator('.panel', { hasText: 'Webhook attempts' }).screenshot({
      path: join(root, 'docs', 'inspector-webhooks.png'),
    })

    // Resend one attempt.
    const before = receiver.received.length
    await statusUpdate.locator('button:has-text("Resend")').click()
    await page.locator('.toast', { hasText: 'Webhook sent again' }).waitFor()
    t.equal(receiver.received.length, before + 1, 'the receiver got it once more')
    await page.locator(`.attempt .event`).nth(events.length).waitFor()
    t.equal(await page.locator('.attempt').count(), events.length + 1, 'and the new attempt is listed')

    // End it with a debugging artifact.
    await page.fill('input[name=artifact]', 'Klant hing op tijdens de tool call')
    await page.click('button:has-text("End with debugging artifact")')
    await page.locator('.call-head .pill', { hasText: 'ended-with-debugging' }).waitFor()
    await page.locator('.facts dd', { hasText: 'Klant hing op tijdens de tool call' }).waitFor()
    t.pass('ended with the artifact')
  })

  t.test('time: advancing the clock fires a scheduled call; the journal lists the requests', async (t) => {
    const mock = await start(t, { quiet: true })
    const page = await browserFor(t)
    const clock = await mock.clock.get()
    const due = new Date(Date.parse(clock.now) + 60_000).toISOString()
    const scheduled = await accepted(mock, 'POST', '/v1/scheduled-calls', {
      assistant_id: KLANTENSERVICE,
      phone_number: JAN_PHONE,
      scheduled_at: due,
    })
    await page.goto(`${mock.url}/_mock/ui#key=${mock.apiKey}`)
    await page.click('nav a:has-text("Scheduled calls")')
    const row = page.locator('tr', { hasText: scheduled.data.id.slice(0, 8) })
    await row.locator('.pill', { hasText: 'scheduled' }).waitFor()
    t.match(await page.locator('.clock .timers').textContent(), /^[1-9]\d* timers?$/, 'pending timers are shown')

    await page.click('.clock button:has-text("+1 min")')
    await row.locator('.pill', { hasText: /in-progress|completed/ }).waitFor()
    t.pass('the scheduled call fired when the clock passed its time')
    const now = await page.locator('.clock .now').getAttribute('data-now')
    t.equal(now, (await mock.clock.get()).now, "the page shows the workspace's clock")

    // The request journal: what the app sent (not the page's own reads), live, with filters.
    await page.click('nav a:has-text("Requests")')
    await page.locator('.journal tbody tr', { hasText: '/v1/scheduled-calls' }).waitFor()
    await accepted(mock, 'POST', '/v1/contacts', { phone_number: '+31655501234', full_name: 'Sanne Bakker' })
    await fetch(`${mock.url}/v1/contacts/00000000-0000-4000-8000-000000000000`, { headers: mock.headers })
    await fetch(`${mock.url}/v1/contacts`, { method: 'POST', headers: mock.headers })
    await page.locator('.journal tbody tr').nth(3).waitFor()
    const paths = await page.locator('.journal tbody td.mono').allTextContents()
    t.same(
      paths,
      ['/v1/contacts', '/v1/contacts/00000000-0000-4000-8000-000000000000', '/v1/contacts', '/v1/scheduled-calls'],
      "newest first, only the app's requests, shown as they happen",
    )
    await page.locator('.journal tbody tr').nth(2).click()
    await page.locator('.journal tr.detail .code', { hasText: 'Sanne Bakker' }).first().waitFor()
    await screenshot(page, 'requests')
    await page.fill('input[name=status]', '404')
    await page.locator('.journal tbody tr').first().locator('.pill', { hasText: '404' }).waitFor()
    t.equal(await page.locator('.journal tbody tr').count(), 1, 'filtered by status')
  })

  t.test('the admin token is asked for when the control plane needs it', async (t) => {
    const mock = await start(t, { quiet: true, adminToken: 'sesame' })
    const page = await browserFor(t)
    await page.goto(`${mock.url}/_mock/ui#key=${mock.apiKey}`)
    await page.locator('input[name=admin-token]').waitFor()
    t.pass('the page asks for the admin token')
    await page.fill('input[name=admin-token]', 'sesame')
    await page.click('button:has-text("Unlock")')
    await page.locator('.stream.live').waitFor()
    await page.locator('.clock .now').waitFor()
    t.pass('with it, the stream and the control plane answer')

    // A customer rings the shared number (the default choice).
    await page.click('.tab:has-text("Inbound")')
    await page.fill('input[name=from]', '+31611122233')
    await page.click('button:has-text("Ring in")')
    await page.locator('.call-head h1', { hasText: 'Inbound +31611122233 → +31850000000' }).waitFor()
    await page.locator('.call-head .pill', { hasText: 'ringing' }).waitFor()
    t.pass('an inbound call placed from the page rings')
  })

  t.test('--no-control: no page, no stream', async (t) => {
    const mock = await start(t, { quiet: true, control: false })
    const page = await browserFor(t)
    const response = await page.goto(`${mock.url}/_mock/ui`)
    t.equal(response?.status(), 404, 'the page is gone')
    t.equal((await fetch(`${mock.url}/_mock/events`, { headers: mock.headers })).status, 404, 'the stream is gone')
  })
}
