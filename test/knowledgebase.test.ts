// Querying an assistant's knowledge base (endpoints.md § 8, "Kennisbank bevragen"): full-text
// search over its FAQs, best match first; limits, no-match, query syntax, accents, isolation, and
// the index following the assistant's FAQs.
import t, { type Test } from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { type Api, client, setup } from './helpers.js'
import { AFSPRAKENPLANNER, KLANTENSERVICE, UNKNOWN_ID } from './fixtures.js'

// --- helpers ---------------------------------------------------------------------------------------

interface Result {
  question: string
  answer: string
  score: number
}

const RETURNS = 'Hoe kan ik een bestelling retourneren?'
const OPENING_HOURS = 'Wat zijn de openingstijden?'
const SHIPPING = 'Wat kost verzending?'

const ASSISTANT_NOT_FOUND = { error: { code: 'not_found', message: 'Assistant not found', details: {} } }

const query = (api: Api, body: Record<string, unknown>, assistantId = KLANTENSERVICE) =>
  api.post('/v1/knowledgebase/query', { assistant_id: assistantId, ...body })

/** Queries, checks the 200 and the envelope, and returns the results. */
async function search(
  t: Test,
  api: Api,
  text: string,
  extra: Record<string, unknown> = {},
  assistantId = KLANTENSERVICE,
) {
  const res = await query(api, { query: text, ...extra }, assistantId)
  t.equal(res.statusCode, 200, `query ${JSON.stringify(text)}: 200`)
  const body = res.json()
  t.same(Object.keys(body), ['data'], 'a data envelope')
  t.same(Object.keys(body.data).sort(), ['query', 'results'])
  t.equal(body.data.query, text, 'the query is echoed')
  return body.data.results as Result[]
}

const questions = (results: Result[]) => results.map((r) => r.question)

/** Every result has exactly question, answer and a positive score, best first. */
function assertRanked(t: Test, results: Result[], what: string) {
  for (const r of results) {
    t.same(Object.keys(r).sort(), ['answer', 'question', 'score'], `${what}: result keys`)
    t.type(r.score, 'number')
    t.ok(r.score > 0, `${what}: score ${r.score} > 0 for "${r.question}"`)
  }
  const scores = results.map((r) => r.score)
  t.same(
    scores,
    [...scores].sort((a, b) => b - a),
    `${what}: sorted by score, best first`,
  )
}

function assertInvalid(t: Test, res: LightMyRequestResponse, field: string, what: string) {
  t.equal(res.statusCode, 400, `${what}: 400`)
  t.match(
    res.json(),
    { error: { code: 'invalid_parameters', message: String, details: { field } } },
    `${what}: names ${field}`,
  )
}

/** An assistant of the caller's workspace with these FAQs; returns its id. */
async function assistantWith(t: Test, api: Api, faqs: Array<{ question: string; answer: string }>) {
  const res = await api.post('/v1/assistants', { name: 'Kennisbank', faqs })
  t.equal(res.statusCode, 201, 'created an assistant')
  return res.json().data.id as string
}

// --- finding ---------------------------------------------------------------------------------------

t.test('"retourneren" finds the returns FAQ first', async (t) => {
  const { api } = await setup(t)
  const results = await search(t, api, 'retourneren')
  t.ok(results.length >= 1, 'at least one result')
  t.same(results[0], {
    question: RETURNS,
    answer:
      'U kunt binnen 30 dagen retourneren via het retourformulier op onze website; het retourlabel ontvangt u per e-mail.',
    score: results[0]!.score,
  })
  assertRanked(t, results, 'retourneren')
})

t.test('answers are searched too; several words rank the best match first', async (t) => {
  const { api } = await setup(t)
  t.same(questions(await search(t, api, 'retourlabel')), [RETURNS], 'a word only in an answer')
  t.same(questions(await search(t, api, 'gratis')), [SHIPPING])
  t.same(questions(await search(t, api, 'OPENINGSTIJDEN')), [OPENING_HOURS], 'case-insensitive')

  const several = await search(t, api, 'openingstijden retourneren verzending')
  t.same(questions(several).sort(), [RETURNS, OPENING_HOURS, SHIPPING].sort(), 'any of the words matches')
  assertRanked(t, several, 'three words')

  const shipping = await search(t, api, 'verzending gratis euro')
  t.equal(shipping[0]?.question, SHIPPING, 'the FAQ with most of the words first')
  assertRanked(t, shipping, 'verzending gratis euro')
})

t.test('ranking: a closer match scores higher', async (t) => {
  const { api } = await setup(t)
  const filler = Array.from({ length: 6 }, (_, i) => ({
    question: `Vraag ${i} over iets anders?`,
    answer: `Antwoord ${i} zonder het woord.`,
  }))
  const id = await assistantWith(t, api, [
    ...filler,
    {
      question: 'Kan ik parkeren?',
      answer: 'Er is een grote parkeergarage naast het gebouw met veel plekken voor bezoekers en personeel.',
    },
    {
      question: 'Waar kan ik parkeren bij de winkel?',
      answer: 'Parkeren kan gratis voor de deur; parkeren in de garage kost 2 euro.',
    },
  ])
  const results = await search(t, api, 'parkeren', {}, id)
  t.same(questions(results), ['Waar kan ik parkeren bij de winkel?', 'Kan ik parkeren?'], 'more occurrences first')
  assertRanked(t, results, 'parkeren')
  t.ok(results[0]!.score > results[1]!.score, 'strictly higher')
})

t.test('a word most FAQs contain still gives positive, ordered scores', async (t) => {
  const { api } = await setup(t)
  // "wat" is in two of the three seeded questions.
  const results = await search(t, api, 'wat')
  t.same(questions(results).sort(), [OPENING_HOURS, SHIPPING].sort())
  assertRanked(t, results, 'wat')
})

t.test('limit: default 5, 1–20', async (t) => {
  const { api } = await setup(t)
  const matching = Array.from({ length: 25 }, (_, i) => ({
    question: `Hoe verstuur ik pakket nummer ${i + 1}?`,
    answer: `Pakket ${i + 1} gaat met de post.`,
  }))
  const others = Array.from({ length: 30 }, (_, i) => ({
    question: `Andere vraag ${i + 1}?`,
    answer: `Ander antwoord ${i + 1}.`,
  }))
  const id = await assistantWith(t, api, [...matching, ...others])

  const byDefault = await search(t, api, 'pakket', {}, id)
  t.equal(byDefault.length, 5, 'five results by default')
  assertRanked(t, byDefault, 'default limit')
  t.equal((await search(t, api, 'pakket', { limit: 1 }, id)).length, 1, 'limit 1')
  const twenty = await search(t, api, 'pakket', { limit: 20 }, id)
  t.equal(twenty.length, 20, 'limit 20')
  assertRanked(t, twenty, 'limit 20')
  t.same(questions(twenty).slice(0, 5), questions(byDefault), 'the default page is the top of the longer one')
  t.equal((await search(t, api, 'pakket', { limit: 20 })).length, 0, 'Klantenservice has no such FAQ')

  assertInvalid(t, await query(api, { query: 'pakket', limit: 21 }, id), 'limit', 'limit 21')
  assertInvalid(t, await query(api, { query: 'pakket', limit: 0 }, id), 'limit', 'limit 0')
  assertInvalid(t, await query(api, { query: 'pakket', limit: 2.5 }, id), 'limit', 'limit 2.5')
  assertInvalid(t, await query(api, { query: 'pakket', limit: 'vijf' }, id), 'limit', 'limit not a number')
})

t.test('no match is an empty list, not an error', async (t) => {
  const { api } = await setup(t)
  const res = await query(api, { query: 'vliegtuigtickets' })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { data: { query: 'vliegtuigtickets', results: [] } })
  t.same(
    (await query(api, { query: 'retourneren' }, AFSPRAKENPLANNER)).json(),
    { data: { query: 'retourneren', results: [] } },
    'an assistant without FAQs',
  )
  t.same(await search(t, api, '   '), [], 'only spaces')
  t.same(await search(t, api, '?!.,'), [], 'only punctuation')
})

t.test('FTS5 syntax in a query never errors', async (t) => {
  const { api } = await setup(t)
  const queries = [
    '"',
    '""',
    '*',
    'retour*',
    'AND (',
    'NEAR',
    'NEAR(retourneren bestelling)',
    'retourneren AND (',
    'OR',
    'NOT retourneren',
    '-retourneren',
    'question:retourneren',
    '^retourneren',
    '{question answer}: retourneren',
    "'; DROP TABLE faq_index; --",
    '"retourneren',
    'retourneren"',
    '(((',
    '+',
    '\\',
  ]
  for (const text of queries) {
    const results = await search(t, api, text)
    t.ok(Array.isArray(results), `${JSON.stringify(text)} gives a list`)
    if (/retourneren/.test(text)) {
      t.equal(results[0]?.question, RETURNS, `${JSON.stringify(text)} still finds the returns FAQ`)
    }
  }
  t.same(questions(await search(t, api, 'retourneren')).slice(0, 1), [RETURNS], 'the index is intact')
})

t.test('accents: a query with or without diacritics finds the same FAQ', async (t) => {
  const { api } = await setup(t)
  const plain = await search(t, api, 'retourneren')
  for (const accented of ['retóurneren', 'rétourneren', 'retourneeren'.replace('ee', 'ë'), 'RETOURNÉREN']) {
    const results = await search(t, api, accented)
    t.equal(results[0]?.question, RETURNS, `${accented} finds the returns FAQ`)
  }
  t.same(questions(await search(t, api, 'rétourneren')), questions(plain), 'the same results as without accents')

  const id = await assistantWith(t, api, [
    { question: 'Heeft u een café?', answer: 'Ja, ons café is open tot 17:00.' },
    { question: 'Wat is de privacyverklaring?', answer: 'Zie onze website.' },
  ])
  t.same(questions(await search(t, api, 'cafe', {}, id)), ['Heeft u een café?'], 'an FAQ with accents, a query without')
  t.same(questions(await search(t, api, 'café', {}, id)), ['Heeft u een café?'], 'and with')
})

// --- which assistant -------------------------------------------------------------------------------

t.test('an unknown or foreign assistant is 404', async (t) => {
  const { app, api } = await setup(t)
  const unknown = await query(api, { query: 'retourneren' }, UNKNOWN_ID)
  t.equal(unknown.statusCode, 404)
  t.same(unknown.json(), ASSISTANT_NOT_FOUND)

  const other = client(app, 'other-key')
  const foreign = (
    await other.post('/v1/assistants', {
      name: 'Ander',
      faqs: [{ question: 'Hoe laat sluit u?', answer: 'Om 22:00.' }],
    })
  ).json().data.id
  t.same(questions(await search(t, other, 'sluit', {}, foreign)), ['Hoe laat sluit u?'], 'its own workspace finds it')
  const res = await query(api, { query: 'sluit' }, foreign)
  t.equal(res.statusCode, 404, 'another workspace’s assistant is 404')
  t.same(res.json(), ASSISTANT_NOT_FOUND)
})

t.test('workspaces with the same seeded assistant search their own FAQs', async (t) => {
  const { app, api } = await setup(t)
  const other = client(app, 'other-key')
  const patched = await other.patch(`/v1/assistants/${KLANTENSERVICE}`, {
    faqs: [{ question: 'Kan ik met iDEAL betalen?', answer: 'Ja, met iDEAL en creditcard.' }],
  })
  t.equal(patched.statusCode, 200)
  t.same(questions(await search(t, other, 'retourneren')), [], 'the other workspace no longer has the returns FAQ')
  t.same(questions(await search(t, api, 'ideal')), [], 'this workspace does not see the other’s FAQ')
  t.equal((await search(t, api, 'retourneren'))[0]?.question, RETURNS, 'and keeps its own')
})

t.test('scores in one workspace do not depend on another workspace’s FAQs', async (t) => {
  const { app, api } = await setup(t)
  const before = await search(t, api, 'retourneren verzending')
  const other = client(app, 'other-key')
  const faqs = Array.from({ length: 40 }, (_, i) => ({
    question: `Vraag ${i + 1} van een andere klant?`,
    answer: `Antwoord ${i + 1}.`,
  }))
  t.equal((await other.post('/v1/assistants', { name: 'Ander', faqs })).statusCode, 201)
  t.same(await search(t, api, 'retourneren verzending'), before, 'the same results with the same scores')
})

t.test('the index follows the assistant: changed FAQs, deletion', async (t) => {
  const { api } = await setup(t)
  const patched = await api.patch(`/v1/assistants/${KLANTENSERVICE}`, {
    faqs: [{ question: 'Kan ik met iDEAL betalen?', answer: 'Ja, met iDEAL en creditcard.' }],
  })
  t.equal(patched.statusCode, 200)
  t.same(await search(t, api, 'retourneren'), [], 'the old FAQ is no longer found')
  const ideal = await search(t, api, 'ideal')
  t.same(questions(ideal), ['Kan ik met iDEAL betalen?'], 'the new one is')
  assertRanked(t, ideal, 'ideal')

  t.equal((await api.patch(`/v1/assistants/${KLANTENSERVICE}`, { name: 'Klantenservice NL' })).statusCode, 200)
  t.same(questions(await search(t, api, 'ideal')), ['Kan ik met iDEAL betalen?'], 'a PATCH without faqs keeps them')

  const put = await api.put(`/v1/assistants/${KLANTENSERVICE}`, { name: 'Klantenservice' })
  t.equal(put.statusCode, 200)
  t.same(await search(t, api, 'ideal'), [], 'a PUT without faqs empties them')

  const created = await assistantWith(t, api, [{ question: 'Waar staat de winkel?', answer: 'In Utrecht.' }])
  t.same(
    questions(await search(t, api, 'utrecht', {}, created)),
    ['Waar staat de winkel?'],
    'a new assistant is indexed',
  )
  t.equal((await api.delete(`/v1/assistants/${created}`)).statusCode, 200)
  const gone = await query(api, { query: 'utrecht' }, created)
  t.equal(gone.statusCode, 404, 'a deleted assistant is 404')
  t.same(gone.json(), ASSISTANT_NOT_FOUND)
})

// --- validation ------------------------------------------------------------------------------------

t.test('the body: query 1–500 characters, a uuid assistant_id, no unknown fields', async (t) => {
  const { api } = await setup(t)
  assertInvalid(t, await query(api, { query: '' }), 'query', 'empty query')
  assertInvalid(t, await query(api, { query: 'x'.repeat(501) }), 'query', '501 characters')
  t.equal(
    (await query(api, { query: 'retourneren '.repeat(50).slice(0, 500) })).statusCode,
    200,
    '500 characters is allowed',
  )
  assertInvalid(t, await api.post('/v1/knowledgebase/query', { assistant_id: KLANTENSERVICE }), 'query', 'no query')
  assertInvalid(
    t,
    await api.post('/v1/knowledgebase/query', { query: 'retourneren' }),
    'assistant_id',
    'no assistant_id',
  )
  assertInvalid(
    t,
    await query(api, { query: 'retourneren' }, 'klantenservice'),
    'assistant_id',
    'assistant_id not a uuid',
  )
  assertInvalid(t, await query(api, { query: 'retourneren', fuzzy: true }), 'fuzzy', 'unknown field')
  assertInvalid(t, await query(api, { query: 42 }), 'query', 'query not a string')
})
