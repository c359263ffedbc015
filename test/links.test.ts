// Linking phone numbers to assistants (endpoints.md § 1, "Linking"): GET, POST and DELETE
// /assistants/{id}/phone-number, the shared default number, and what links do to the numbers.
import { readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { type Api, client, setup, testApp } from './helpers.js'
import { UNKNOWN_ID } from './fixtures.js'

// --- helpers ---------------------------------------------------------------------------------------

interface OwnedNumber {
  id: string
  phone_number: string
  number_type: string
  locality: string | null
}

const seedOf = <T>(file: string) => JSON.parse(readFileSync(new URL(`../seed/${file}`, import.meta.url), 'utf8')) as T
const assistantsSeed = seedOf<{ assistants: Array<{ id: string; name: string }> }>('assistants.json')
const numbersSeed = seedOf<{ shared_numbers: Array<{ id: string; phone_number: string }> }>('phone-numbers.json')

const KLANTENSERVICE = assistantsSeed.assistants.find((a) => a.name === 'Klantenservice')!
const AFSPRAKENPLANNER = assistantsSeed.assistants.find((a) => a.name === 'Afsprakenplanner')!
const SHARED = numbersSeed.shared_numbers[0]!

/** The shared default number as the link endpoints show it. */
const SHARED_LINKED = { id: SHARED.id, number: '+31850000000', type: 'national', locality: null }

const linkUrl = (assistantId: string) => `/v1/assistants/${assistantId}/phone-number`

/** A number as `phone_number` of a link response or an assistant. */
const summary = (n: OwnedNumber) => ({ id: n.id, number: n.phone_number, type: n.number_type, locality: n.locality })

/** An error with this status and code; a 404 also has the exact not-found body of `entity`. */
function assertError(
  t: Test,
  res: LightMyRequestResponse,
  status: number,
  code: string,
  what: string,
  entity?: string,
) {
  t.equal(res.statusCode, status, `${what}: status ${status}`)
  const body = res.json()
  t.match(body, { error: { code, message: String, details: Object } }, `${what}: ${code}`)
  if (entity) {
    t.same(body, { error: { code: 'not_found', message: `${entity} not found`, details: {} } }, `${what}: body`)
  }
  return body
}

/** Orders the first available national number and lets the order complete (2 s). */
async function orderNumber(t: Test, api: Api): Promise<OwnedNumber> {
  const phone = (await api.get('/v1/phone-numbers/available')).json().data[0].phone_number
  const res = await api.post('/v1/phone-numbers', { phone_number: phone })
  t.equal(res.statusCode, 201, `ordered ${phone}`)
  await api.advance(2)
  const number = (await api.get('/v1/phone-numbers?limit=100'))
    .json()
    .data.find((n: OwnedNumber) => n.phone_number === phone)
  t.ok(number, `${phone} is a phone number`)
  return number
}

const link = (api: Api, assistantId: string, phoneNumberId: string) =>
  api.post(linkUrl(assistantId), { phone_number_id: phoneNumberId })

/** Links and checks the 200; returns the response data. */
async function linkOk(t: Test, api: Api, assistantId: string, phoneNumberId: string) {
  const res = await link(api, assistantId, phoneNumberId)
  t.equal(res.statusCode, 200, `linked ${phoneNumberId} to ${assistantId}`)
  return res.json().data
}

/** `phone_number` of GET /assistants/{id}/phone-number. */
const linkedTo = async (api: Api, assistantId: string) => (await api.get(linkUrl(assistantId))).json().data.phone_number

/** `phone_number` of GET /assistants/{id}. */
const assistantNumber = async (api: Api, assistantId: string) =>
  (await api.get(`/v1/assistants/${assistantId}`)).json().data.phone_number

const getNumber = async (api: Api, id: string) => (await api.get(`/v1/phone-numbers/${id}`)).json().data

/** Everything a refused link must leave alone. */
async function snapshot(api: Api) {
  return {
    numbers: (await api.get('/v1/phone-numbers?include_default=true&limit=100')).json(),
    assistants: (await api.get('/v1/assistants?limit=100')).json(),
    klantenservice: await linkedTo(api, KLANTENSERVICE.id),
    afsprakenplanner: await linkedTo(api, AFSPRAKENPLANNER.id),
  }
}

// --- GET -------------------------------------------------------------------------------------------

t.test('GET /assistants/{id}/phone-number', async (t) => {
  const { api } = await setup(t)

  const res = await api.get(linkUrl(KLANTENSERVICE.id))
  t.equal(res.statusCode, 200)
  t.same(res.json(), {
    data: {
      assistant_id: KLANTENSERVICE.id,
      assistant_name: 'Klantenservice',
      phone_number: { ...SHARED_LINKED, origin: 'default' },
    },
  })

  const none = await api.get(linkUrl(AFSPRAKENPLANNER.id))
  t.equal(none.statusCode, 200, 'no number is not an error')
  t.same(none.json(), {
    data: { assistant_id: AFSPRAKENPLANNER.id, assistant_name: 'Afsprakenplanner', phone_number: null },
  })

  assertError(t, await api.get(linkUrl(UNKNOWN_ID)), 404, 'not_found', 'unknown assistant', 'Assistant')
  assertError(t, await api.get(linkUrl('not-a-uuid')), 404, 'not_found', 'non-uuid assistant')
})

// --- POST ------------------------------------------------------------------------------------------

t.test('POST links a custom number', async (t) => {
  const { api } = await setup(t)
  const number = await orderNumber(t, api)

  const res = await link(api, AFSPRAKENPLANNER.id, number.id)
  t.equal(res.statusCode, 200)
  t.same(res.json(), {
    message: 'Phone number linked successfully',
    data: {
      assistant_id: AFSPRAKENPLANNER.id,
      phone_number: summary(number),
      previous_phone_number_id: null,
      released_assistants: 0,
    },
  })

  const after = { ...number, available: false, linked_assistant: { id: AFSPRAKENPLANNER.id, name: 'Afsprakenplanner' } }
  t.same(await getNumber(api, number.id), after, 'the number is taken, by Afsprakenplanner')
  t.same((await api.get('/v1/phone-numbers')).json().data, [after], 'the list shows it too')
  t.same(await assistantNumber(api, AFSPRAKENPLANNER.id), summary(number), "the assistant's phone_number")
  t.same(
    await linkedTo(api, AFSPRAKENPLANNER.id),
    { ...summary(number), origin: 'custom' },
    'GET link shows origin custom',
  )
  t.same(
    await linkedTo(api, KLANTENSERVICE.id),
    { ...SHARED_LINKED, origin: 'default' },
    'Klantenservice keeps the default number',
  )
})

t.test('POST of another number replaces the linked one', async (t) => {
  const { api } = await setup(t)
  const first = await orderNumber(t, api)
  const second = await orderNumber(t, api)
  await linkOk(t, api, AFSPRAKENPLANNER.id, first.id)

  const res = await link(api, AFSPRAKENPLANNER.id, second.id)
  t.equal(res.statusCode, 200)
  t.same(res.json(), {
    message: 'Phone number linked successfully',
    data: {
      assistant_id: AFSPRAKENPLANNER.id,
      phone_number: summary(second),
      previous_phone_number_id: first.id,
      released_assistants: 0,
    },
  })
  t.same(
    await getNumber(api, first.id),
    { ...first, available: true, linked_assistant: null },
    'the first is free again',
  )
  t.same(await getNumber(api, second.id), {
    ...second,
    available: false,
    linked_assistant: { id: AFSPRAKENPLANNER.id, name: 'Afsprakenplanner' },
  })
  t.same(await assistantNumber(api, AFSPRAKENPLANNER.id), summary(second))

  // the freed number can go to another assistant, which gives up the shared default number for it
  const moved = await linkOk(t, api, KLANTENSERVICE.id, first.id)
  t.same(moved, {
    assistant_id: KLANTENSERVICE.id,
    phone_number: summary(first),
    previous_phone_number_id: SHARED.id,
    released_assistants: 0,
  })
  t.same(await linkedTo(api, KLANTENSERVICE.id), { ...summary(first), origin: 'custom' })
})

t.test('POST of the shared default number moves it from the other assistant', async (t) => {
  const { api } = await setup(t)

  const res = await link(api, AFSPRAKENPLANNER.id, SHARED.id)
  t.equal(res.statusCode, 200)
  t.same(res.json(), {
    message: 'Phone number linked successfully',
    data: {
      assistant_id: AFSPRAKENPLANNER.id,
      phone_number: SHARED_LINKED,
      previous_phone_number_id: null,
      released_assistants: 1,
    },
  })
  t.equal(await linkedTo(api, KLANTENSERVICE.id), null, 'Klantenservice has no number now')
  t.equal(await assistantNumber(api, KLANTENSERVICE.id), null)
  t.same(await linkedTo(api, AFSPRAKENPLANNER.id), { ...SHARED_LINKED, origin: 'default' })
  t.same(await assistantNumber(api, AFSPRAKENPLANNER.id), SHARED_LINKED)
  t.same(
    (await api.get('/v1/phone-numbers?include_default=true')).json().shared_numbers,
    [{ id: SHARED.id, phone_number: '+31850000000', locality: null, number_type: 'national' }],
    'still one shared number',
  )

  // back again, replacing a custom number on the way
  const custom = await orderNumber(t, api)
  await linkOk(t, api, KLANTENSERVICE.id, custom.id)
  const back = await linkOk(t, api, KLANTENSERVICE.id, SHARED.id)
  t.same(back, {
    assistant_id: KLANTENSERVICE.id,
    phone_number: SHARED_LINKED,
    previous_phone_number_id: custom.id,
    released_assistants: 1,
  })
  t.equal(await linkedTo(api, AFSPRAKENPLANNER.id), null)
  t.same(await getNumber(api, custom.id), { ...custom, available: true, linked_assistant: null })

  // nobody has it: linking releases nobody
  await api.delete(linkUrl(KLANTENSERVICE.id))
  t.same(await linkOk(t, api, AFSPRAKENPLANNER.id, SHARED.id), {
    assistant_id: AFSPRAKENPLANNER.id,
    phone_number: SHARED_LINKED,
    previous_phone_number_id: null,
    released_assistants: 0,
  })
})

t.test('POST errors change nothing', async (t) => {
  const { api } = await setup(t)
  const linked = await orderNumber(t, api)
  await linkOk(t, api, AFSPRAKENPLANNER.id, linked.id)
  const deleted = await orderNumber(t, api)
  t.equal((await api.delete(`/v1/phone-numbers/${deleted.id}`)).statusCode, 200)
  const phone = (await api.get('/v1/phone-numbers/available')).json().data[0].phone_number
  const pending = (await api.post('/v1/phone-numbers', { phone_number: phone })).json().data.order_id
  await api.patch('/_mock/config', { order_outcome: 'failed' })
  const failedPhone = (await api.get('/v1/phone-numbers/available')).json().data[0].phone_number
  const failed = (await api.post('/v1/phone-numbers', { phone_number: failedPhone })).json().data.order_id
  await api.post(`/_mock/phone-number-orders/${failed}/complete`, { outcome: 'failed' })
  const foreign = await orderNumber(t, client(await testApp(t), 'other-key'))
  const before = await snapshot(api)

  const cases: Array<[string, () => Promise<LightMyRequestResponse>, number, string, string?]> = [
    ['the same custom number again', () => link(api, AFSPRAKENPLANNER.id, linked.id), 400, 'already_linked'],
    ['the default number to its own assistant', () => link(api, KLANTENSERVICE.id, SHARED.id), 400, 'already_linked'],
    ['a custom number of another assistant', () => link(api, KLANTENSERVICE.id, linked.id), 400, 'already_in_use'],
    ['a pending order', () => link(api, KLANTENSERVICE.id, pending), 400, 'invalid_status'],
    ['a failed order', () => link(api, KLANTENSERVICE.id, failed), 400, 'invalid_status'],
    ['a deleted number', () => link(api, KLANTENSERVICE.id, deleted.id), 400, 'invalid_status'],
    ['an unknown number', () => link(api, KLANTENSERVICE.id, UNKNOWN_ID), 404, 'not_found', 'Phone number'],
    ['a number of another workspace', () => link(api, KLANTENSERVICE.id, foreign.id), 404, 'not_found', 'Phone number'],
    ['an unknown assistant', () => link(api, UNKNOWN_ID, linked.id), 404, 'not_found', 'Assistant'],
    ['a non-uuid assistant', () => link(api, 'abc', linked.id), 404, 'not_found'],
  ]
  for (const [what, call, status, code, entity] of cases) {
    assertError(t, await call(), status, code, what, entity)
    t.same(await snapshot(api), before, `${what}: nothing changed`)
  }

  const invalid: Array<[string, unknown, string]> = [
    ['no phone_number_id', {}, 'phone_number_id'],
    ['a non-uuid phone_number_id', { phone_number_id: 'abc' }, 'phone_number_id'],
    ['a null phone_number_id', { phone_number_id: null }, 'phone_number_id'],
    ['an unknown field', { phone_number_id: SHARED.id, assistant_id: AFSPRAKENPLANNER.id }, 'assistant_id'],
  ]
  for (const [what, body, field] of invalid) {
    const res = await api.post(linkUrl(AFSPRAKENPLANNER.id), body)
    const error = assertError(t, res, 400, 'invalid_parameters', what)
    t.equal(error.error.details.field, field, `${what}: details.field`)
    t.same(await snapshot(api), before, `${what}: nothing changed`)
  }
})

// --- DELETE ----------------------------------------------------------------------------------------

t.test('DELETE unlinks the number', async (t) => {
  const { api } = await setup(t)
  const number = await orderNumber(t, api)
  await linkOk(t, api, AFSPRAKENPLANNER.id, number.id)

  const res = await api.delete(linkUrl(AFSPRAKENPLANNER.id))
  t.equal(res.statusCode, 200)
  t.same(res.json(), {
    message: 'Phone number unlinked successfully',
    data: { assistant_id: AFSPRAKENPLANNER.id, unlinked_phone_number: { id: number.id, number: number.phone_number } },
  })
  t.equal(await linkedTo(api, AFSPRAKENPLANNER.id), null)
  t.equal(await assistantNumber(api, AFSPRAKENPLANNER.id), null)
  t.same(await getNumber(api, number.id), { ...number, available: true, linked_assistant: null })

  assertError(t, await api.delete(linkUrl(AFSPRAKENPLANNER.id)), 400, 'no_phone_number', 'DELETE again')
  assertError(t, await api.delete(linkUrl(UNKNOWN_ID)), 404, 'not_found', 'unknown assistant', 'Assistant')

  // the shared default number unlinks the same way
  const shared = await api.delete(linkUrl(KLANTENSERVICE.id))
  t.equal(shared.statusCode, 200)
  t.same(shared.json(), {
    message: 'Phone number unlinked successfully',
    data: { assistant_id: KLANTENSERVICE.id, unlinked_phone_number: { id: SHARED.id, number: '+31850000000' } },
  })
  t.equal(await linkedTo(api, KLANTENSERVICE.id), null)
  t.same(
    (await api.get('/v1/phone-numbers?include_default=true')).json().shared_numbers.map((n: { id: string }) => n.id),
    [SHARED.id],
    'it stays a shared number',
  )
  assertError(t, await api.delete(linkUrl(KLANTENSERVICE.id)), 400, 'no_phone_number', 'DELETE again (default)')
})

t.test('deleting an assistant unlinks its number', async (t) => {
  const { api } = await setup(t)
  const number = await orderNumber(t, api)
  await linkOk(t, api, AFSPRAKENPLANNER.id, number.id)

  t.equal((await api.delete(`/v1/assistants/${AFSPRAKENPLANNER.id}`)).statusCode, 200)
  t.same(await getNumber(api, number.id), { ...number, available: true, linked_assistant: null }, 'available again')
  const relinked = await linkOk(t, api, KLANTENSERVICE.id, number.id)
  t.equal(relinked.previous_phone_number_id, SHARED.id, 'and it can be linked again')

  // deleting the assistant holding the shared number frees it too
  const created = (await api.post('/v1/assistants', { name: 'Receptie' })).json().data
  await linkOk(t, api, created.id, SHARED.id)
  t.equal((await api.delete(`/v1/assistants/${created.id}`)).statusCode, 200)
  const next = (await api.post('/v1/assistants', { name: 'Receptie 2' })).json().data
  t.same(
    await linkOk(t, api, next.id, SHARED.id),
    { assistant_id: next.id, phone_number: SHARED_LINKED, previous_phone_number_id: null, released_assistants: 0 },
    'the shared number was released with its assistant',
  )
})
