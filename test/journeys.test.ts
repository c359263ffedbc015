// Whole journeys through the API, step by step as a user of Flireo takes them: getting a local
// number through a verification group and putting it on an assistant, and an order that is
// still pending when the mock restarts on its file database.
import t from 'tap'
import { join } from 'node:path'
import { at, client, testApp } from './helpers.js'
import { UUID } from './fixtures.js'
import { PDF, uploadDocument } from './documents.js'

// --- journeys --------------------------------------------------------------------------------------

t.test('a local Amsterdam number: verify, order, receive, link to an assistant', async (t) => {
  const app = await testApp(t)
  const api = client(app)

  // 1. The business identity.
  const created = await api.post('/v1/verification-groups', {
    phone_number_type: 'local',
    name: 'Vestiging Amsterdam',
    business_name: 'De Snelle Fiets B.V.',
    contact_person_first_name: 'Anna',
    contact_person_last_name: 'de Vries',
    contact_person_phone: '+31612345678',
    street_name: 'Damrak',
    house_number: '12A',
    postal_code: '1012 LG',
    city: 'Amsterdam',
    province: 'Noord-Holland',
  })
  t.equal(created.statusCode, 201, 'group created')
  const groupId = created.json().data.requirement_group_id
  t.match(groupId, UUID)

  // 2. A document, then the submission.
  const uploaded = await uploadDocument(app, groupId, {
    type: 'proof_of_address',
    file: { bytes: PDF, filename: 'kvk-uittreksel.pdf' },
  })
  t.equal(uploaded.statusCode, 201, 'document uploaded')
  t.equal(uploaded.json().data.content_type, 'application/pdf')
  const submitted = await api.post(`/v1/verification-groups/${groupId}/submit`)
  t.equal(submitted.statusCode, 200, 'submitted')
  t.equal(submitted.json().data.status, 'pending')
  t.equal(submitted.json().data.submitted_at, at(0))

  // 3. Five seconds later Flireo has approved it.
  t.equal((await api.advance(5)).statusCode, 200)
  const approved = (await api.get(`/v1/verification-groups/${groupId}`)).json().data
  t.equal(approved.status, 'approved', 'group approved after 5 s')
  t.same(
    approved.documents.map((d: { status: string }) => d.status),
    ['approved'],
  )

  // 4. Its local numbers, and ordering the first one.
  const available = await api.get(`/v1/verification-groups/${groupId}/available-phone-numbers`)
  t.equal(available.statusCode, 200)
  const numbers = available.json().data as { phone_number: string; locality: string }[]
  t.ok(numbers.length > 0, 'numbers are available')
  t.ok(
    numbers.every((n) => n.phone_number.startsWith('+3120') && n.locality === 'Amsterdam'),
    'all Amsterdam (+3120) numbers',
  )
  const wanted = numbers[0]!.phone_number

  const ordered = await api.post(`/v1/verification-groups/${groupId}/order-number`, { phone_number: wanted })
  t.equal(ordered.statusCode, 201, 'ordered')
  const order = ordered.json().data
  t.match(order, {
    phone_number: wanted,
    number_type: 'local',
    status: 'pending',
    credits_used: 10,
    remaining_credits: 90,
  })
  t.equal((await api.get('/v1/phone-numbers')).json().meta.total, 0, 'no number yet while the order is pending')

  // 5. Two seconds later the number is delivered.
  await api.advance(2)
  const orderNow = (await api.get(`/v1/phone-number-orders/${order.order_id}`)).json().data
  t.equal(orderNow.status, 'success', 'order succeeded')
  const list = (await api.get('/v1/phone-numbers')).json()
  t.equal(list.meta.total, 1)
  const number = list.data[0]
  t.match(number, {
    id: UUID,
    phone_number: wanted,
    locality: 'Amsterdam',
    number_type: 'local',
    available: true,
    created_at: at(7),
    linked_assistant: null,
  })
  const group = (await api.get(`/v1/verification-groups/${groupId}`)).json().data
  t.same(
    group.phone_numbers,
    [{ id: number.id, phone_number: wanted, status: 'active' }],
    'the group lists it as active',
  )

  // 6. A new assistant answers on it.
  const assistant = (await api.post('/v1/assistants', { name: 'Receptie Amsterdam' })).json().data
  const linked = await api.post(`/v1/assistants/${assistant.id}/phone-number`, { phone_number_id: number.id })
  t.equal(linked.statusCode, 200, 'linked')
  t.match(linked.json(), {
    message: 'Phone number linked successfully',
    data: {
      assistant_id: assistant.id,
      phone_number: { id: number.id, number: wanted, type: 'local', locality: 'Amsterdam' },
    },
  })
  const shown = (await api.get(`/v1/assistants/${assistant.id}`)).json().data
  t.same(
    shown.phone_number,
    { id: number.id, number: wanted, type: 'local', locality: 'Amsterdam' },
    'the assistant shows its number',
  )
  const numberNow = (await api.get(`/v1/phone-numbers/${number.id}`)).json().data
  t.same(numberNow.linked_assistant, { id: assistant.id, name: 'Receptie Amsterdam' })
  t.equal(numberNow.available, false)

  t.equal((await api.get('/_mock/config')).json().data.credits, 90, 'one number cost 10 credits')
})

t.test('a pending order survives a restart on a file database and completes once', async (t) => {
  const db = join(t.testdir({}), 'mock.sqlite')

  // Before the restart: order a national number; it is pending.
  const first = await testApp(t, { db })
  const before = client(first)
  const available = (await before.get('/v1/phone-numbers/available?number_type=national')).json().data
  const wanted = available[0].phone_number as string
  t.match(wanted, /^\+3185/)
  const ordered = await before.post('/v1/phone-numbers', { phone_number: wanted, number_type: 'national' })
  t.equal(ordered.statusCode, 201, 'ordered')
  const orderId = ordered.json().data.order_id
  t.equal(ordered.json().data.remaining_credits, 90)
  t.equal((await before.get('/_mock/clock')).json().data.pending_timers, 1, 'one timer waits for the order')
  await first.close()

  // After the restart: same clock, same pending order, nothing fired.
  const second = await testApp(t, { db })
  const api = client(second)
  const clock = (await api.get('/_mock/clock')).json().data
  t.match(clock, { now: at(0), mode: 'manual', pending_timers: 1 }, 'the manual clock and its timer persist')
  const pending = await api.get(`/v1/phone-number-orders/${orderId}`)
  t.equal(pending.statusCode, 200)
  t.match(
    pending.json().data,
    { id: orderId, phone_number: wanted, status: 'pending', number_type: 'national' },
    'still pending',
  )
  t.equal((await api.get('/v1/phone-numbers')).json().meta.total, 0, 'no number yet')
  t.equal((await api.get('/_mock/config')).json().data.credits, 90, 'the credits stay taken')

  // Two seconds on the clock: the order completes, once.
  await api.advance(2)
  t.equal((await api.get(`/v1/phone-number-orders/${orderId}`)).json().data.status, 'success', 'order succeeded')
  const numbers = (await api.get('/v1/phone-numbers')).json()
  t.equal(numbers.meta.total, 1)
  t.match(numbers.data[0], { phone_number: wanted, number_type: 'national', locality: null, created_at: at(2) })
  t.equal((await api.get('/_mock/clock')).json().data.pending_timers, 0, 'the timer is gone')

  await api.advance(60)
  t.equal((await api.get('/v1/phone-numbers')).json().meta.total, 1, 'a further advance creates nothing more')
  t.equal((await api.get('/v1/phone-number-orders')).json().meta.total, 1, 'still one order')
  t.equal((await api.get('/_mock/config')).json().data.credits, 90)
})
