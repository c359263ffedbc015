// Phone numbers, available numbers and number orders (endpoints.md § 4) against the contract:
// envelopes, the inventory, the order lifecycle on the mock clock, credits, errors, isolation.
import { readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import { type Api, assertError, assertInvalid, at, client, setup, testApp } from './helpers.js'
import { AFSPRAKENPLANNER, KLANTENSERVICE, UNKNOWN_ID, UUID } from './fixtures.js'

// --- helpers ---------------------------------------------------------------------------------------

const sharedSeed = JSON.parse(readFileSync(new URL('../seed/phone-numbers.json', import.meta.url), 'utf8')) as {
  shared_numbers: Array<{ id: string; phone_number: string; number_type: string; assistant_id?: string }>
}
/** The shared default number every workspace has, as `shared_numbers` lists it. */
const SHARED = (({ id, phone_number, number_type }) => ({ id, phone_number, locality: null, number_type }))(
  sharedSeed.shared_numbers[0]!,
)

const COST = { monthly: '2.00', currency: 'EUR', credits: 10 }

/** An AvailablePhoneNumber as the contract shapes it. */
const availableShape = (phone_number: string, number_type: string, locality: string | null = null) => ({
  phone_number,
  number_type,
  locality,
  features: number_type === 'mobile' ? ['voice', 'sms'] : ['voice'],
  cost: COST,
  reservable: true,
})

const NOT_FOUND_NUMBER = { error: { code: 'not_found', message: 'Phone number not found', details: {} } }

const credits = async (api: Api): Promise<number> => (await api.get('/v1/user')).json().credits

const available = async (api: Api, query = '') => (await api.get(`/v1/phone-numbers/available${query}`)).json()

/** The first orderable number of a type ('local' through the legacy list, with a locality). */
async function firstAvailable(api: Api, type = 'national', locality = 'Amsterdam'): Promise<string> {
  const res =
    type === 'local'
      ? await api.get(`/v1/available-phone-numbers?number_type=local&locality=${locality}`)
      : await api.get(`/v1/phone-numbers/available?number_type=${type}`)
  return res.json().data[0].phone_number
}

/** Whether `phoneNumber` is in this workspace's available list (of its type). */
async function isAvailable(api: Api, phoneNumber: string, type = 'national') {
  const body = await available(api, `?number_type=${type}&query=${phoneNumber.slice(1)}`)
  return body.data.some((n: { phone_number: string }) => n.phone_number === phoneNumber)
}

/** Places an order and checks it was accepted; returns the response data. */
async function placeOrder(t: Test, api: Api, phone_number: string, number_type?: string) {
  const res = await api.post('/v1/phone-numbers', number_type ? { phone_number, number_type } : { phone_number })
  t.equal(res.statusCode, 201, `ordered ${phone_number}`)
  return res.json().data as { order_id: string; phone_number: string }
}

/** The number of a workspace with this E.164 number, from the list, or undefined. */
async function listed(api: Api, phoneNumber: string) {
  const list = (await api.get('/v1/phone-numbers?limit=100')).json().data as Array<{
    id: string
    phone_number: string
    created_at: string
  }>
  return list.find((n) => n.phone_number === phoneNumber)
}

/** Orders the first available number of a type, lets the order complete (2 s) and returns the number. */
async function orderNumber(t: Test, api: Api, type = 'national') {
  const order = await placeOrder(t, api, await firstAvailable(api, type), type)
  await api.advance(2)
  const number = await listed(api, order.phone_number)
  t.ok(number, `${order.phone_number} became a phone number`)
  return { order, number: number! }
}

/** What an order must not change when it is refused. */
async function snapshot(api: Api) {
  return {
    credits: await credits(api),
    orders: (await api.get('/v1/phone-number-orders')).json(),
    numbers: (await api.get('/v1/phone-numbers?include_default=true')).json(),
    national: (await available(api)).meta.total_results,
    mobile: (await available(api, '?number_type=mobile')).meta.total_results,
    amsterdam: (await api.get('/v1/available-phone-numbers?number_type=local&locality=Amsterdam&limit=50')).json(),
  }
}

// --- GET /phone-numbers ----------------------------------------------------------------------------

t.test('GET /phone-numbers: empty for a fresh workspace, shared_numbers only on request', async (t) => {
  const { api } = await setup(t)

  const res = await api.get('/v1/phone-numbers')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.same(body, { data: [], meta: { total: 0, limit: 50, offset: 0 } })
  t.notOk('shared_numbers' in body, 'no shared_numbers key without include_default')

  const off = (await api.get('/v1/phone-numbers?include_default=false')).json()
  t.same(off, { data: [], meta: { total: 0, limit: 50, offset: 0 } })
  t.notOk('shared_numbers' in off, 'no shared_numbers key with include_default=false')

  const on = await api.get('/v1/phone-numbers?include_default=true')
  t.equal(on.statusCode, 200)
  t.same(on.json(), {
    data: [],
    shared_numbers: [{ id: SHARED.id, phone_number: '+31850000000', locality: null, number_type: 'national' }],
    meta: { total: 0, limit: 50, offset: 0 },
  })
  t.match(on.json().shared_numbers[0].id, UUID)

  t.equal((await api.get('/v1/phone-numbers?limit=100')).statusCode, 200, 'limit 100 is allowed')
  assertInvalid(t, await api.get('/v1/phone-numbers?include_default=maybe'), 'include_default', 'include_default=maybe')
  assertInvalid(t, await api.get('/v1/phone-numbers?limit=101'), 'limit', 'limit=101')
  assertInvalid(t, await api.get('/v1/phone-numbers?limit=0'), 'limit', 'limit=0')
  assertInvalid(t, await api.get('/v1/phone-numbers?offset=-1'), 'offset', 'offset=-1')
})

// --- available numbers -----------------------------------------------------------------------------

t.test('GET /phone-numbers/available lists national numbers by default', async (t) => {
  const { api } = await setup(t)
  const res = await api.get('/v1/phone-numbers/available')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.same(Object.keys(body).sort(), ['data', 'meta'])
  t.same(body.meta, { total_results: 200, number_type: 'national', requires_verification: false })
  t.equal(body.data.length, 20, 'default limit 20')
  const numbers = body.data.map((n: { phone_number: string }) => n.phone_number)
  t.same(
    body.data,
    numbers.map((n: string) => availableShape(n, 'national')),
    'AvailablePhoneNumber shape, exactly',
  )
  t.ok(
    numbers.every((n: string) => /^\+3185\d{7}$/.test(n)),
    'national numbers are +3185 and E.164',
  )
  t.equal(new Set(numbers).size, numbers.length, 'no duplicates')

  const explicit = await api.get('/v1/phone-numbers/available?number_type=national')
  t.same(explicit.json(), body, 'number_type=national is the default')

  const max = await api.get('/v1/phone-numbers/available?limit=50')
  t.equal(max.statusCode, 200)
  t.equal(max.json().data.length, 50, 'limit 50 is allowed')
  t.same(max.json().data.slice(0, 20), body.data, 'a longer page starts with the same numbers')
  assertInvalid(t, await api.get('/v1/phone-numbers/available?limit=51'), 'limit', 'limit=51')
  assertInvalid(t, await api.get('/v1/phone-numbers/available?limit=0'), 'limit', 'limit=0')
  assertInvalid(t, await api.get('/v1/phone-numbers/available?number_type=bogus'), 'number_type', 'number_type=bogus')
})

t.test('GET /phone-numbers/available?number_type=mobile', async (t) => {
  const { api } = await setup(t)
  const res = await api.get('/v1/phone-numbers/available?number_type=mobile&limit=50')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.same(body.meta, { total_results: 200, number_type: 'mobile', requires_verification: false })
  t.equal(body.data.length, 50)
  const numbers = body.data.map((n: { phone_number: string }) => n.phone_number)
  t.same(
    body.data,
    numbers.map((n: string) => availableShape(n, 'mobile')),
    'mobile numbers have voice and sms',
  )
  t.ok(
    numbers.every((n: string) => /^\+316\d{8}$/.test(n)),
    'mobile numbers start with +316',
  )
})

t.test('GET /phone-numbers/available filters by query digits', async (t) => {
  const { api } = await setup(t)
  const all = (await available(api, '?limit=50')).data.map((n: { phone_number: string }) => n.phone_number)
  const target: string = all[7]

  const exact = await available(api, `?query=${target.slice(1)}`)
  t.same(exact, {
    data: [availableShape(target, 'national')],
    meta: { total_results: 1, number_type: 'national', requires_verification: false },
  })
  t.same(
    (await available(api, `?query=%2B${target.slice(1)}`)).data.map((n: { phone_number: string }) => n.phone_number),
    [target],
    'a leading + is allowed',
  )

  const digits = target.slice(-3)
  const some = await available(api, `?query=${digits}&limit=50`)
  t.ok(some.meta.total_results >= 1 && some.meta.total_results <= 200, 'total_results counts the matches')
  t.ok(some.data.length >= 1)
  t.ok(
    some.data.every((n: { phone_number: string }) => n.phone_number.includes(digits)),
    `every number contains ${digits}`,
  )
  t.ok(some.data.some((n: { phone_number: string }) => n.phone_number === target))

  const mobile = (await available(api, '?number_type=mobile')).data[0].phone_number as string
  t.same(
    (await available(api, `?query=${mobile.slice(1)}`)).meta.total_results,
    0,
    'a mobile number is no national match',
  )

  assertInvalid(t, await api.get('/v1/phone-numbers/available?query=abc'), 'query', 'query=abc')
})

t.test('GET /phone-numbers/available?number_type=local points to the verification-group endpoint', async (t) => {
  const { api } = await setup(t)
  const body = assertError(
    t,
    await api.get('/v1/phone-numbers/available?number_type=local'),
    400,
    'invalid_parameters',
    'local',
  )
  t.match(body.error.message, /verification-groups\/\{id\}\/available-phone-numbers/, 'message names the endpoint')
})

t.test('the available numbers are the same in every workspace and every app', async (t) => {
  const app = await testApp(t)
  const a = client(app, 'key-a')
  const b = client(app, 'key-b')
  const other = client(await testApp(t), 'key-c')
  for (const query of ['?limit=50', '?number_type=mobile&limit=50']) {
    const listA = await available(a, query)
    t.same(await available(b, query), listA, `two workspaces list the same numbers (${query})`)
    t.same(await available(other, query), listA, `two apps list the same numbers (${query})`)
  }
  const legacy = '/v1/available-phone-numbers?number_type=local&locality=Utrecht&limit=50'
  t.same((await b.get(legacy)).json(), (await other.get(legacy)).json(), 'local numbers too')
})

// --- legacy available list -------------------------------------------------------------------------

t.test('GET /available-phone-numbers (legacy): {data} without meta', async (t) => {
  const { api } = await setup(t)
  const res = await api.get('/v1/available-phone-numbers')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.same(Object.keys(body), ['data'], 'no meta')
  t.same(body.data, (await available(api)).data, 'national by default, same numbers as the new endpoint')

  const mobile = (await api.get('/v1/available-phone-numbers?number_type=mobile&limit=50')).json()
  t.same(mobile, { data: (await available(api, '?number_type=mobile&limit=50')).data })

  assertInvalid(t, await api.get('/v1/available-phone-numbers?number_type=local'), 'locality', 'local without locality')
  assertInvalid(t, await api.get('/v1/available-phone-numbers?limit=51'), 'limit', 'limit=51')

  const amsterdam = await api.get('/v1/available-phone-numbers?number_type=local&locality=Amsterdam&limit=50')
  t.equal(amsterdam.statusCode, 200)
  const local = amsterdam.json().data as Array<{ phone_number: string }>
  t.equal(local.length, 50, 'at least 50 Amsterdam numbers')
  t.same(
    local,
    local.map((n) => availableShape(n.phone_number, 'local', 'Amsterdam')),
    'local shape, locality Amsterdam',
  )
  t.ok(
    local.every((n) => /^\+3120\d{7}$/.test(n.phone_number)),
    'Amsterdam numbers start with +3120',
  )

  const rotterdam = (await api.get('/v1/available-phone-numbers?number_type=local&locality=Rotterdam')).json().data
  t.ok(
    rotterdam.length > 0 &&
      rotterdam.every(
        (n: { phone_number: string; locality: string }) =>
          n.phone_number.startsWith('+3110') && n.locality === 'Rotterdam',
      ),
  )

  const unknown = await api.get('/v1/available-phone-numbers?number_type=local&locality=Atlantis')
  t.equal(unknown.statusCode, 200)
  t.same(unknown.json(), { data: [] }, 'an unknown city has no numbers')
})

// --- ordering --------------------------------------------------------------------------------------

t.test('POST /phone-numbers orders a national number; it completes after 2 s', async (t) => {
  const { api } = await setup(t)
  const phone = await firstAvailable(api)

  const res = await api.post('/v1/phone-numbers', { phone_number: phone })
  t.equal(res.statusCode, 201)
  const body = res.json()
  const orderId = body.data.order_id
  t.match(orderId, UUID)
  t.same(body, {
    message: 'Phone number ordered',
    data: {
      order_id: orderId,
      phone_number: phone,
      number_type: 'national',
      status: 'pending',
      credits_used: 10,
      remaining_credits: 90,
    },
  })
  t.notOk('verification_group' in body.data, 'no verification_group key without a group')

  t.equal(await credits(api), 90, 'credits taken at once')
  const afterOrder = await available(api, '?limit=50')
  t.equal(afterOrder.meta.total_results, 199, 'the number left the available list')
  t.notOk(afterOrder.data.some((n: { phone_number: string }) => n.phone_number === phone))
  t.notOk(await isAvailable(api, phone))

  const pendingOrder = {
    id: orderId,
    phone_number: phone,
    status: 'pending',
    number_type: 'national',
    requirements_met: true,
    ordered_at: at(0),
    verification_group: null,
  }
  const list = await api.get('/v1/phone-number-orders')
  t.equal(list.statusCode, 200)
  t.same(list.json(), { data: [pendingOrder], meta: { total: 1, limit: 20, offset: 0 } })

  const { verification_group: _group, ...orderFields } = pendingOrder
  const pendingDetail = {
    ...orderFields,
    external_order_id: null,
    external_sub_order_id: null,
    failure_reason: null,
    verification_group: null,
  }
  const detail = await api.get(`/v1/phone-number-orders/${orderId}`)
  t.equal(detail.statusCode, 200)
  t.same(detail.json(), { data: pendingDetail })
  t.same(
    (await api.get('/v1/phone-numbers')).json(),
    { data: [], meta: { total: 0, limit: 50, offset: 0 } },
    'no number while pending',
  )

  await api.advance(1)
  t.same(
    (await api.get(`/v1/phone-number-orders/${orderId}`)).json(),
    { data: pendingDetail },
    'still pending after 1 s',
  )
  t.equal((await api.get('/v1/phone-numbers')).json().meta.total, 0)

  await api.advance(1)
  const done = (await api.get(`/v1/phone-number-orders/${orderId}`)).json().data
  t.equal(done.status, 'success', 'success after 2 s')
  t.type(done.external_order_id, 'string')
  t.type(done.external_sub_order_id, 'string')
  t.ok(done.external_order_id.length > 0 && done.external_sub_order_id.length > 0, 'external ids set')
  t.same(done, {
    ...pendingDetail,
    status: 'success',
    external_order_id: done.external_order_id,
    external_sub_order_id: done.external_sub_order_id,
  })
  t.same((await api.get('/v1/phone-number-orders')).json().data, [{ ...pendingOrder, status: 'success' }])

  const numbers = await api.get('/v1/phone-numbers')
  t.equal(numbers.statusCode, 200)
  const number = numbers.json().data[0]
  t.match(number?.id, UUID)
  const expected = {
    id: number.id,
    phone_number: phone,
    locality: null,
    number_type: 'national',
    available: true,
    created_at: at(2),
    linked_assistant: null,
  }
  t.same(numbers.json(), { data: [expected], meta: { total: 1, limit: 50, offset: 0 } })
  const got = await api.get(`/v1/phone-numbers/${number.id}`)
  t.equal(got.statusCode, 200)
  t.same(got.json(), { data: expected })

  t.equal(await credits(api), 90, 'success keeps the charge')
  t.equal((await available(api)).meta.total_results, 199, 'an owned number is not available')
  t.same((await api.get('/v1/phone-number-orders?status=success')).json().meta.total, 1)
  t.same((await api.get('/v1/phone-number-orders?status=pending')).json().meta.total, 0)
})

t.test('POST /phone-numbers orders a mobile number', async (t) => {
  const { api } = await setup(t)
  const phone = await firstAvailable(api, 'mobile')
  const res = await api.post('/v1/phone-numbers', { phone_number: phone, number_type: 'mobile' })
  t.equal(res.statusCode, 201)
  t.same(res.json(), {
    message: 'Phone number ordered',
    data: {
      order_id: res.json().data.order_id,
      phone_number: phone,
      number_type: 'mobile',
      status: 'pending',
      credits_used: 10,
      remaining_credits: 90,
    },
  })
  t.equal((await available(api, '?number_type=mobile')).meta.total_results, 199)
  t.equal((await available(api)).meta.total_results, 200, 'national numbers untouched')
  await api.advance(2)
  t.match(await listed(api, phone), { phone_number: phone, number_type: 'mobile', locality: null, available: true })
  t.same((await api.get('/v1/phone-number-orders?number_type=mobile')).json().meta.total, 1)
  t.same((await api.get('/v1/phone-number-orders?number_type=national')).json().meta.total, 0)
})

t.test('numbers and orders are listed newest first and paged', async (t) => {
  const { api } = await setup(t)
  const { order: first, number: older } = await orderNumber(t, api) // ordered at 0, number at 2
  await api.advance(8)
  const { order: second, number: newer } = await orderNumber(t, api) // ordered at 10, number at 12
  t.equal(older.created_at, at(2))
  t.equal(newer.created_at, at(12))

  const numbers = (await api.get('/v1/phone-numbers')).json()
  t.same(
    numbers.data.map((n: { id: string }) => n.id),
    [newer.id, older.id],
    'numbers: newest first',
  )
  t.same(numbers.meta, { total: 2, limit: 50, offset: 0 })
  const page = (await api.get('/v1/phone-numbers?limit=1&offset=1')).json()
  t.same(page, { data: [older], meta: { total: 2, limit: 1, offset: 1 } }, 'total counts all, not the page')

  const orders = (await api.get('/v1/phone-number-orders')).json()
  t.same(
    orders.data.map((o: { id: string }) => o.id),
    [second.order_id, first.order_id],
    'orders: newest first',
  )
  t.same(
    orders.data.map((o: { ordered_at: string }) => o.ordered_at),
    [at(10), at(0)],
  )
  const orderPage = (await api.get('/v1/phone-number-orders?limit=1&offset=1')).json()
  t.same(orderPage.meta, { total: 2, limit: 1, offset: 1 })
  t.equal(orderPage.data[0].id, first.order_id)
  t.equal((await api.get('/v1/phone-number-orders?status=success')).json().meta.total, 2)
  t.equal((await api.get('/v1/phone-number-orders?status=failed')).json().meta.total, 0)
  t.equal((await api.get(`/v1/phone-number-orders?verification_group_id=${UNKNOWN_ID}`)).json().meta.total, 0)
  t.equal((await api.get('/v1/phone-number-orders?limit=100')).statusCode, 200)
  assertInvalid(t, await api.get('/v1/phone-number-orders?limit=101'), 'limit', 'orders limit=101')
  assertInvalid(t, await api.get('/v1/phone-number-orders?status=done'), 'status', 'orders status=done')
  t.same((await api.get(`/v1/phone-number-orders/${UNKNOWN_ID}`)).json(), {
    error: { code: 'not_found', message: 'Phone number order not found', details: {} },
  })
  t.equal((await api.get('/v1/phone-number-orders/xyz')).statusCode, 404, 'non-uuid order id')
})

// --- failed orders ---------------------------------------------------------------------------------

t.test('order_outcome failed: the order fails after the delay and is refunded', async (t) => {
  const { api } = await setup(t)
  const config = await api.patch('/_mock/config', { order_outcome: 'failed' })
  t.equal(config.statusCode, 200)
  t.equal(config.json().data.order_outcome, 'failed')

  const order = await placeOrder(t, api, await firstAvailable(api))
  t.equal(await credits(api), 90)
  await api.advance(2)

  const detail = (await api.get(`/v1/phone-number-orders/${order.order_id}`)).json().data
  t.equal(detail.status, 'failed')
  t.type(detail.failure_reason, 'string')
  t.ok(detail.failure_reason.length > 0, 'a failure_reason is given')
  t.equal(detail.external_order_id, null)
  t.equal(detail.external_sub_order_id, null)
  t.equal(await credits(api), 100, 'refunded')
  t.ok(await isAvailable(api, order.phone_number), 'the number is available again')
  t.equal((await available(api)).meta.total_results, 200)
  t.same(
    (await api.get('/v1/phone-numbers')).json(),
    { data: [], meta: { total: 0, limit: 50, offset: 0 } },
    'no number created',
  )
})

t.test('order_delay_seconds sets when an order completes', async (t) => {
  const { api } = await setup(t)
  await api.patch('/_mock/config', { order_delay_seconds: 10 })
  const order = await placeOrder(t, api, await firstAvailable(api))
  await api.advance(9)
  t.equal((await api.get(`/v1/phone-number-orders/${order.order_id}`)).json().data.status, 'pending', 'pending at 9 s')
  await api.advance(1)
  t.equal((await api.get(`/v1/phone-number-orders/${order.order_id}`)).json().data.status, 'success', 'success at 10 s')
  t.match(await listed(api, order.phone_number), { created_at: at(10) })
})

t.test('/_mock/phone-number-orders/{id}/complete ends an order at once', async (t) => {
  const { api } = await setup(t)
  const failing = await placeOrder(t, api, await firstAvailable(api))
  const url = `/_mock/phone-number-orders/${failing.order_id}/complete`

  const res = await api.post(url, { outcome: 'failed', reason: 'x' })
  t.equal(res.statusCode, 200)
  t.match(res.json().data, { id: failing.order_id, status: 'failed', failure_reason: 'x' })
  t.match((await api.get(`/v1/phone-number-orders/${failing.order_id}`)).json().data, {
    status: 'failed',
    failure_reason: 'x',
  })
  t.equal(await credits(api), 100, 'refunded')
  t.ok(await isAvailable(api, failing.phone_number), 'available again')

  const again = assertError(
    t,
    await api.post(url, { outcome: 'success' }),
    400,
    'invalid_status',
    'completing a failed order',
  )
  t.ok(again)
  t.match(
    (await api.get(`/v1/phone-number-orders/${failing.order_id}`)).json().data,
    { status: 'failed', failure_reason: 'x' },
    'unchanged',
  )
  t.equal(await credits(api), 100)

  // success at once, and the timer that was due later does nothing more
  const ok = await placeOrder(t, api, await firstAvailable(api))
  const done = await api.post(`/_mock/phone-number-orders/${ok.order_id}/complete`, { outcome: 'success' })
  t.equal(done.statusCode, 200)
  t.match(done.json().data, { id: ok.order_id, status: 'success', failure_reason: null })
  t.match(await listed(api, ok.phone_number), { available: true, created_at: at(0) }, 'the number exists at once')
  await api.advance(2)
  t.equal((await api.get('/v1/phone-numbers')).json().meta.total, 1, 'the later timer creates no second number')
  t.equal(await credits(api), 90)
  assertError(
    t,
    await api.post(`/_mock/phone-number-orders/${ok.order_id}/complete`, { outcome: 'failed' }),
    400,
    'invalid_status',
    'completing a succeeded order',
  )
  t.equal(await credits(api), 90, 'no refund for a succeeded order')

  assertError(
    t,
    await api.post(`/_mock/phone-number-orders/${UNKNOWN_ID}/complete`, { outcome: 'success' }),
    404,
    'not_found',
    'unknown order',
  )
  assertError(
    t,
    await api.post('/_mock/phone-number-orders/nope/complete', { outcome: 'success' }),
    404,
    'not_found',
    'non-uuid order',
  )
})

// --- order errors ----------------------------------------------------------------------------------

t.test('refused orders change nothing', async (t) => {
  const { api } = await setup(t)
  const { order: owned } = await orderNumber(t, api)
  const pending = await placeOrder(t, api, await firstAvailable(api))
  const mobile = await firstAvailable(api, 'mobile')
  const national = await firstAvailable(api)
  const amsterdam = await firstAvailable(api, 'local')
  const before = await snapshot(api)
  t.equal(before.credits, 80)

  const invalidNumber = (body: Record<string, unknown>, what: string) => async () => {
    const res = await api.post('/v1/phone-numbers', body)
    const error = assertError(t, res, 400, 'invalid_parameters', what, 'Invalid phone number')
    t.equal(error.error.details.field, 'phone_number', `${what}: details.field`)
  }
  const cases: Array<[string, () => Promise<void>]> = [
    ['not in the inventory', invalidNumber({ phone_number: '+31850000001' }, 'not in the inventory')],
    ['the shared default number', invalidNumber({ phone_number: '+31850000000' }, 'the shared default number')],
    ['a foreign number', invalidNumber({ phone_number: '+441234567890' }, 'a foreign number')],
    [
      'mobile as national',
      invalidNumber({ phone_number: mobile, number_type: 'national' }, 'a mobile number as national'),
    ],
    ['mobile, type omitted', invalidNumber({ phone_number: mobile }, 'a mobile number with the default type')],
    [
      'national as mobile',
      invalidNumber({ phone_number: national, number_type: 'mobile' }, 'a national number as mobile'),
    ],
    ['already ordered', invalidNumber({ phone_number: pending.phone_number }, 'a number on order')],
    ['already owned', invalidNumber({ phone_number: owned.phone_number }, 'an owned number')],
    [
      'local without group',
      async () => {
        const res = await api.post('/v1/phone-numbers', { phone_number: amsterdam, number_type: 'local' })
        assertInvalid(t, res, 'verification_group_id', 'local without verification_group_id')
      },
    ],
    [
      'unknown group',
      async () => {
        const res = await api.post('/v1/phone-numbers', {
          phone_number: amsterdam,
          number_type: 'local',
          verification_group_id: UNKNOWN_ID,
        })
        assertError(t, res, 404, 'not_found', 'unknown verification group')
      },
    ],
    [
      'unknown body field',
      async () =>
        assertInvalid(
          t,
          await api.post('/v1/phone-numbers', { phone_number: national, colour: 'blue' }),
          'colour',
          'unknown field',
        ),
    ],
    [
      'missing phone_number',
      async () =>
        assertInvalid(
          t,
          await api.post('/v1/phone-numbers', { number_type: 'national' }),
          'phone_number',
          'missing phone_number',
        ),
    ],
    [
      'bad number_type',
      async () =>
        assertInvalid(
          t,
          await api.post('/v1/phone-numbers', { phone_number: national, number_type: 'toll-free' }),
          'number_type',
          'bad number_type',
        ),
    ],
    [
      'non-uuid group',
      async () =>
        assertInvalid(
          t,
          await api.post('/v1/phone-numbers', { phone_number: national, verification_group_id: 'abc' }),
          'verification_group_id',
          'non-uuid group',
        ),
    ],
    [
      'read-only field',
      async () =>
        assertInvalid(
          t,
          await api.post('/v1/phone-numbers', { phone_number: national, status: 'success' }),
          'status',
          'read-only status',
        ),
    ],
  ]
  for (const [what, run] of cases) {
    await run()
    t.same(await snapshot(api), before, `${what}: credits, orders, numbers and inventory unchanged`)
  }
})

t.test('fewer than 10 credits: 402 insufficient_credits', async (t) => {
  const { api } = await setup(t)
  const phone = await firstAvailable(api)
  t.equal((await api.patch('/_mock/config', { credits: 5 })).json().data.credits, 5)
  const before = await snapshot(api)

  const body = assertError(
    t,
    await api.post('/v1/phone-numbers', { phone_number: phone }),
    402,
    'insufficient_credits',
    '5 credits',
    'Not enough credits (need 10)',
  )
  t.ok(body)
  t.same(await snapshot(api), before, 'nothing changed')
  t.equal(before.credits, 5)

  await api.patch('/_mock/config', { credits: 10 })
  const res = await api.post('/v1/phone-numbers', { phone_number: phone })
  t.equal(res.statusCode, 201, 'exactly 10 credits is enough')
  t.equal(res.json().data.remaining_credits, 0)
  t.equal(await credits(api), 0)
  const other = await firstAvailable(api)
  assertError(
    t,
    await api.post('/v1/phone-numbers', { phone_number: other }),
    402,
    'insufficient_credits',
    '0 credits',
    'Not enough credits (need 10)',
  )
})

t.test('two orders at once with credits for one: one 201, one 402', async (t) => {
  const { api } = await setup(t)
  await api.patch('/_mock/config', { credits: 15 })
  const [first, second] = (await available(api)).data.map((n: { phone_number: string }) => n.phone_number)
  const results = await Promise.all([
    api.post('/v1/phone-numbers', { phone_number: first }),
    api.post('/v1/phone-numbers', { phone_number: second }),
  ])
  t.same(results.map((r) => r.statusCode).sort(), [201, 402], 'exactly one order accepted')
  const refused = results.find((r) => r.statusCode === 402)!
  t.equal(refused.json().error.code, 'insufficient_credits')
  t.equal(await credits(api), 5)
  const orders = (await api.get('/v1/phone-number-orders')).json()
  t.equal(orders.meta.total, 1, 'exactly one order exists')
  t.equal(orders.data[0].phone_number, results.find((r) => r.statusCode === 201)!.json().data.phone_number)
  t.equal((await available(api)).meta.total_results, 199)
})

// --- delete ----------------------------------------------------------------------------------------

t.test('DELETE /phone-numbers/{id}', async (t) => {
  const { api } = await setup(t)
  const { number } = await orderNumber(t, api)
  const url = `/v1/phone-numbers/${number.id}`

  const res = await api.delete(url)
  t.equal(res.statusCode, 200)
  t.same(res.json(), { message: 'Phone number deleted' })

  t.same(
    (await api.get('/v1/phone-numbers')).json(),
    { data: [], meta: { total: 0, limit: 50, offset: 0 } },
    'gone from the list',
  )
  const got = await api.get(url)
  t.equal(got.statusCode, 404)
  t.same(got.json(), NOT_FOUND_NUMBER)
  const again = await api.delete(url)
  t.equal(again.statusCode, 404, 'DELETE again')
  t.same(again.json(), NOT_FOUND_NUMBER)
  t.equal(await credits(api), 90, 'no refund for a deleted number')

  t.ok(await isAvailable(api, number.phone_number), 'back in the inventory')
  t.equal((await available(api)).meta.total_results, 200)
  const reorder = await placeOrder(t, api, number.phone_number)
  t.equal(reorder.phone_number, number.phone_number, 'can be ordered again')
  await api.advance(2)
  const back = await listed(api, number.phone_number)
  t.ok(back, 'owned again')
  t.not(back?.id, number.id, 'as a new phone number')

  const unknown = await api.delete(`/v1/phone-numbers/${UNKNOWN_ID}`)
  t.equal(unknown.statusCode, 404)
  t.same(unknown.json(), NOT_FOUND_NUMBER)
  t.equal((await api.delete('/v1/phone-numbers/abc')).statusCode, 404, 'non-uuid id')
  t.equal((await api.get(`/v1/phone-numbers/${UNKNOWN_ID}`)).statusCode, 404)
})

t.test('DELETE of the shared default number is forbidden', async (t) => {
  const { api } = await setup(t)
  assertError(t, await api.delete(`/v1/phone-numbers/${SHARED.id}`), 403, 'forbidden', 'shared default')
  t.same((await api.get('/v1/phone-numbers?include_default=true')).json().shared_numbers, [SHARED], 'it stays')
  t.same(
    (await api.get(`/v1/assistants/${KLANTENSERVICE}`)).json().data.phone_number,
    {
      id: SHARED.id,
      number: SHARED.phone_number,
      type: 'national',
      locality: null,
    },
    'still linked to Klantenservice',
  )
})

t.test('DELETE of a linked number unlinks it first', async (t) => {
  const { api } = await setup(t)
  const { number } = await orderNumber(t, api)
  const link = await api.post(`/v1/assistants/${AFSPRAKENPLANNER}/phone-number`, { phone_number_id: number.id })
  t.equal(link.statusCode, 200)
  t.match(await listed(api, number.phone_number), { available: false, linked_assistant: { id: AFSPRAKENPLANNER } })

  t.equal((await api.delete(`/v1/phone-numbers/${number.id}`)).statusCode, 200)
  t.equal(
    (await api.get(`/v1/assistants/${AFSPRAKENPLANNER}`)).json().data.phone_number,
    null,
    "the assistant's number is null",
  )
  t.equal((await api.get(`/v1/assistants/${AFSPRAKENPLANNER}/phone-number`)).json().data.phone_number, null)
  t.ok(await isAvailable(api, number.phone_number), 'back in the inventory')
})

// --- usage -----------------------------------------------------------------------------------------

t.test('usage.phone_numbers counts the custom active numbers', async (t) => {
  const { api } = await setup(t)
  const usage = async () => (await api.get('/v1/user/profile/extended')).json().data.usage.phone_numbers
  t.equal(await usage(), 0, 'the shared default number does not count')
  const order = await placeOrder(t, api, await firstAvailable(api))
  t.equal(await usage(), 0, 'a pending order does not count')
  await api.advance(2)
  t.equal(await usage(), 1, 'after the order completes')
  const number = await listed(api, order.phone_number)
  await api.delete(`/v1/phone-numbers/${number!.id}`)
  t.equal(await usage(), 0, 'after delete')
})

// --- workspaces ------------------------------------------------------------------------------------

t.test("another API key cannot see or touch a workspace's numbers and orders", async (t) => {
  const app = await testApp(t)
  const a = client(app, 'key-a')
  const b = client(app, 'key-b')
  const { order, number } = await orderNumber(t, a)
  const pending = await placeOrder(t, a, await firstAvailable(a))

  t.same((await b.get('/v1/phone-numbers')).json(), { data: [], meta: { total: 0, limit: 50, offset: 0 } })
  t.same((await b.get('/v1/phone-number-orders')).json(), { data: [], meta: { total: 0, limit: 20, offset: 0 } })
  t.same((await b.get(`/v1/phone-numbers/${number.id}`)).json(), NOT_FOUND_NUMBER, 'B GET number')
  t.equal((await b.get(`/v1/phone-numbers/${number.id}`)).statusCode, 404)
  t.equal((await b.delete(`/v1/phone-numbers/${number.id}`)).statusCode, 404, 'B DELETE number')
  assertError(t, await b.get(`/v1/phone-number-orders/${order.order_id}`), 404, 'not_found', 'B GET order')
  assertError(
    t,
    await b.post(`/_mock/phone-number-orders/${pending.order_id}/complete`, { outcome: 'failed' }),
    404,
    'not_found',
    'B completes A order',
  )
  t.equal(await credits(b), 100, "B's credits untouched")
  t.equal((await available(b)).meta.total_results, 200, "A's numbers are still available to B")

  t.match((await a.get(`/v1/phone-numbers/${number.id}`)).json(), { data: { id: number.id } }, 'A still has its number')
  t.equal(
    (await a.get(`/v1/phone-number-orders/${pending.order_id}`)).json().data.status,
    'pending',
    "A's order still pending",
  )
  t.equal(await credits(a), 80)

  const same = await b.post('/v1/phone-numbers', { phone_number: order.phone_number })
  t.equal(same.statusCode, 201, 'B can order the number A holds')
})
