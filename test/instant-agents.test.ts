// Instant agents and FAQ generation (endpoints.md § 9) against the contract: an assistant composed
// in one step from a business description, deterministic FAQs made from sentences of a text, the
// FAQs searchable through the knowledge base (§ 8), and the input that is refused.
import t, { type Test } from 'tap'
import { type Api, assertInvalid, at, client, setup, testApp } from './helpers.js'
import { UUID } from './fixtures.js'

// --- helpers ---------------------------------------------------------------------------------------

type Faq = { question: string; answer: string }

const DUTCH_QUESTION = /^(Wat|Hoe|Waar|Wanneer|Wie|Welke|Kan|Kunt|Is|Zijn|Heeft|Hebben)\b.*\?$/
const ENGLISH_QUESTION = /^(What|How|Where|When|Who|Which|Can|Do|Does|Is|Are)\b.*\?$/

const BAKERY = 'Bakkerij De Gouden Korst'
/** Eight informative sentences, one question and one fragment. */
const BAKERY_TEXT = [
  'Bakkerij De Gouden Korst bakt elke dag vers brood en gebak in Utrecht.',
  'Wij zijn open van maandag tot en met zaterdag van 8:00 tot 18:00.',
  'Een bruin brood kost 3,50 euro.',
  'Heeft u een vraag over allergenen?',
  'U kunt bij ons betalen met pin of contant.',
  'Bestel online.',
  'Taarten bezorgen wij gratis in de hele stad.',
  'Ons zuurdesembrood rijst achttien uur lang in houten manden.',
  'De winkel ligt aan de Oudegracht 12 in Utrecht.',
  'Voor bruiloften maken wij taarten op maat.',
].join(' ')
const BAKERY_QUESTION = 'Heeft u een vraag over allergenen?'
const BAKERY_FRAGMENT = 'Bestel online.'

const GARDENS = 'Greenleaf Gardens'
const GARDENS_TEXT = [
  'Greenleaf Gardens designs and maintains private gardens in Leiden.',
  'We are open from Monday to Friday between eight and five.',
  'A garden design costs 450 euro including two revisions.',
  'Do you want advice?',
  'Call us.',
  'Our gardeners prune hedges and fruit trees every autumn.',
  'You can pay by bank transfer or credit card.',
].join(' ')

/** The sentences of a text written with single spaces, as the text has them. */
const sentencesOf = (text: string) => text.split(/(?<=[.!?]) /)

/** Creates an instant agent, checks the 201, returns its data. */
async function createAgent(t: Test, api: Api, body: Record<string, unknown> = {}) {
  const res = await api.post('/v1/instant-agents', { company_name: BAKERY, description: BAKERY_TEXT, ...body })
  t.equal(res.statusCode, 201, `instant agent for ${body.company_name ?? BAKERY} created`)
  return res.json().data as { assistant: Record<string, any>; faqs: Faq[] }
}

/** Generates FAQs, checks the 200, returns them. */
async function faqs(t: Test, api: Api, body: Record<string, unknown>): Promise<Faq[]> {
  const res = await api.post('/v1/instant-agents/faqs', body)
  t.equal(res.statusCode, 200, 'FAQs generated')
  const json = res.json()
  t.strictSame(Object.keys(json), ['data'], '{data} envelope')
  t.strictSame(Object.keys(json.data), ['faqs'], '{data: {faqs}}')
  return json.data.faqs
}

const assistantsTotal = async (api: Api): Promise<number> => (await api.get('/v1/assistants')).json().meta.total

/** Every FAQ is a {question, answer} pair of non-empty strings, the question ending in "?". */
function assertFaqShape(t: Test, list: Faq[], what: string) {
  t.ok(Array.isArray(list), `${what}: an array`)
  for (const faq of list) {
    t.strictSame(Object.keys(faq).sort(), ['answer', 'question'], `${what}: {question, answer}`)
    t.ok(faq.question.endsWith('?') && faq.answer.length > 0, `${what}: "${faq.question}" is a question with an answer`)
  }
}

// --- POST /instant-agents --------------------------------------------------------------------------

t.test('POST /instant-agents composes an assistant and its FAQs from the description', async (t) => {
  const { api } = await setup(t)
  t.equal(await assistantsTotal(api), 2, 'the two seeded assistants')
  const res = await api.post('/v1/instant-agents', { company_name: BAKERY, description: BAKERY_TEXT })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.equal(body.message, 'Instant agent created')
  t.strictSame(Object.keys(body).sort(), ['data', 'message'])
  t.strictSame(Object.keys(body.data).sort(), ['assistant', 'faqs'])
  const { assistant, faqs: generated } = body.data

  t.match(assistant.id, UUID)
  t.equal(
    assistant.first_message,
    `Goedendag, u spreekt met de assistent van ${BAKERY}. Waarmee kan ik u helpen?`,
    'the Dutch first message',
  )
  t.ok(assistant.name.includes(BAKERY), `the name mentions the company: ${assistant.name}`)
  t.ok(assistant.name.length >= 1 && assistant.name.length <= 200, 'a valid name')
  t.ok(assistant.system_prompt.includes(BAKERY), 'the system prompt mentions the company')
  t.ok(assistant.system_prompt.includes(BAKERY_TEXT), 'the system prompt contains the description')
  t.match(
    assistant,
    {
      type: 'default',
      language: 'nl',
      server_url: null,
      tools: [],
      phone_number: null,
      created_at: at(0),
      updated_at: at(0),
    },
    'defaults: type default, language nl, no server_url, no number',
  )
  t.type(assistant.max_duration_seconds, 'number')

  assertFaqShape(t, generated, 'data.faqs')
  t.equal(generated.length, 5, 'five FAQs (the default count) from eight informative sentences')
  t.strictSame(assistant.faqs, generated, 'assistant.faqs equals data.faqs')
  t.strictSame(
    generated,
    await faqs(t, api, { content: BAKERY_TEXT, company_name: BAKERY }),
    'the FAQs are those POST /instant-agents/faqs generates from the description',
  )
  t.equal(generated[0]!.question, `Wat doet ${BAKERY}?`, 'the sentence naming the company')

  t.strictSame(
    (await api.get(`/v1/assistants/${assistant.id}`)).json(),
    { data: assistant },
    'GET /assistants/{id} shows it',
  )
  const listed = (await api.get('/v1/assistants?limit=100')).json()
  t.equal(listed.meta.total, 3, 'listed in GET /assistants')
  t.ok(
    listed.data.some((a: { id: string }) => a.id === assistant.id),
    'it is in the list',
  )
})

t.test('POST /instant-agents: language, type, server_url and website_url are honoured', async (t) => {
  const { api } = await setup(t)
  const en = await createAgent(t, api, { company_name: GARDENS, description: GARDENS_TEXT, language: 'en' })
  t.equal(en.assistant.language, 'en')
  t.not(
    en.assistant.first_message,
    `Goedendag, u spreekt met de assistent van ${GARDENS}. Waarmee kan ik u helpen?`,
    'not the Dutch first message',
  )
  t.ok(
    en.assistant.first_message.includes(GARDENS),
    `the English first message names the company: ${en.assistant.first_message}`,
  )
  t.match(en.assistant.first_message, /\b(help|hello|speaking)\b/i, 'an English first message')
  t.notMatch(en.assistant.first_message, /\b(Goedendag|spreekt|Waarmee)\b/, 'no Dutch in it')
  t.ok(en.assistant.name.includes(GARDENS) && en.assistant.system_prompt.includes(GARDENS_TEXT))
  for (const faq of en.faqs) t.match(faq.question, ENGLISH_QUESTION, `an English question: ${faq.question}`)
  t.strictSame(
    en.faqs,
    await faqs(t, api, { content: GARDENS_TEXT, company_name: GARDENS, language: 'en' }),
    'English FAQs',
  )

  const external = await createAgent(t, api, {
    type: 'external',
    server_url: 'https://hooks.goudenkorst.nl/flireo',
    website_url: 'https://www.goudenkorst.nl/over-ons',
  })
  t.equal(external.assistant.type, 'external', 'type external')
  t.equal(external.assistant.server_url, 'https://hooks.goudenkorst.nl/flireo', 'server_url')
  t.ok(
    external.assistant.system_prompt.includes('https://www.goudenkorst.nl/over-ons'),
    'website_url is in the system prompt',
  )
  t.equal(external.assistant.language, 'nl', 'still nl')

  const plain = await createAgent(t, api)
  t.notOk(plain.assistant.system_prompt.includes('goudenkorst.nl'), 'no website without website_url')
  t.strictSame(
    (await api.get('/v1/assistants?type=external&limit=100'))
      .json()
      .data.map((a: { name: string }) => a.name)
      .sort(),
    ['Afsprakenplanner', external.assistant.name].sort(),
    'the external one is listed under type=external',
  )
  t.equal(await assistantsTotal(api), 5, 'three instant agents created')
})

t.test('POST /instant-agents is deterministic: the same input gives the same texts and FAQs', async (t) => {
  const one = client(await testApp(t))
  const two = client(await testApp(t))
  const input = { company_name: BAKERY, description: BAKERY_TEXT, website_url: 'https://goudenkorst.nl' }
  const a = await createAgent(t, one, input)
  const b = await createAgent(t, two, input)
  const c = await createAgent(t, client(await testApp(t), 'other-key'), input)
  const texts = ({ assistant, faqs }: { assistant: Record<string, any>; faqs: Faq[] }) => {
    const { id: _id, ...rest } = assistant
    return { assistant: rest, faqs }
  }
  t.not(a.assistant.id, b.assistant.id, 'new ids')
  t.strictSame(texts(a), texts(b), 'two apps: everything but the id is the same')
  t.strictSame(texts(a), texts(c), 'another workspace: the same')
  const again = await createAgent(t, one, input)
  t.strictSame(texts(again), texts(a), 'the same workspace twice: the same')
})

// --- POST /instant-agents/faqs ---------------------------------------------------------------------

t.test('POST /instant-agents/faqs: one FAQ per informative sentence, the sentence as its answer', async (t) => {
  const { api } = await setup(t)
  const sentences = sentencesOf(BAKERY_TEXT)
  const all = await faqs(t, api, { content: BAKERY_TEXT, count: 20 })
  assertFaqShape(t, all, 'count 20')
  t.equal(all.length, 8, 'the eight informative sentences')
  for (const faq of all) t.ok(sentences.includes(faq.answer), `"${faq.answer}" is a sentence of the content`)
  t.equal(new Set(all.map((f) => f.answer)).size, all.length, 'each sentence at most once')
  t.notOk(
    all.some((f) => f.answer === BAKERY_QUESTION || f.answer.endsWith('?')),
    'a question is not an answer',
  )
  t.notOk(
    all.some((f) => f.answer.includes(BAKERY_FRAGMENT)),
    'a fragment is not an answer',
  )
  t.strictSame(
    all.map((f) => f.answer),
    sentences.filter((s) => s !== BAKERY_QUESTION && s !== BAKERY_FRAGMENT),
    'in the order of the content',
  )
  for (const faq of all) t.match(faq.question, DUTCH_QUESTION, `a Dutch question by default: ${faq.question}`)
  t.notOk(
    all.some((f) => f.question === `Wat doet ${BAKERY}?`),
    'no company question without company_name',
  )

  const five = await faqs(t, api, { content: BAKERY_TEXT })
  t.strictSame(five, all.slice(0, 5), 'default count 5: the first five')
  t.strictSame(await faqs(t, api, { content: BAKERY_TEXT, count: 1 }), all.slice(0, 1), 'count 1')
  t.strictSame(await faqs(t, api, { content: BAKERY_TEXT, count: 3 }), all.slice(0, 3), 'count 3')
  t.strictSame(await faqs(t, api, { content: BAKERY_TEXT, count: 8 }), all, 'count 8')
})

t.test('POST /instant-agents/faqs is deterministic', async (t) => {
  const { app, api } = await setup(t)
  const body = { content: BAKERY_TEXT, company_name: BAKERY, count: 10 }
  const first = await faqs(t, api, body)
  t.strictSame(await faqs(t, api, body), first, 'twice in one workspace')
  t.strictSame(await faqs(t, client(app, 'other-key'), body), first, 'another workspace')
  t.strictSame(await faqs(t, client(await testApp(t)), body), first, 'another app')
  await client(app).advance(86400)
  t.strictSame(await faqs(t, api, body), first, 'a day later')
})

t.test('POST /instant-agents/faqs: company_name turns a sentence naming it into "Wat doet {company}?"', async (t) => {
  const { api } = await setup(t)
  const named = await faqs(t, api, { content: BAKERY_TEXT, company_name: BAKERY })
  t.strictSame(
    named[0],
    { question: `Wat doet ${BAKERY}?`, answer: sentencesOf(BAKERY_TEXT)[0] },
    'the sentence naming the company',
  )
  t.equal(named.filter((f) => f.question.startsWith('Wat doet')).length, 1, 'only that one')
  const unnamed = await faqs(t, api, { content: BAKERY_TEXT })
  t.not(unnamed[0]!.question, `Wat doet ${BAKERY}?`, 'without company_name another question')
  t.equal(unnamed[0]!.answer, named[0]!.answer, 'the same answer')
  t.strictSame(
    named.slice(1).map((f) => f.answer),
    unnamed.slice(1).map((f) => f.answer),
    'the other answers are the same',
  )

  const other = await faqs(t, api, { content: BAKERY_TEXT, company_name: 'Slagerij Jansen' })
  t.notOk(
    other.some((f) => f.question.includes('Slagerij Jansen')),
    'a company the content does not name is not asked about',
  )
})

t.test('POST /instant-agents/faqs: English content with language en gives English questions', async (t) => {
  const { api } = await setup(t)
  const en = await faqs(t, api, { content: GARDENS_TEXT, language: 'en', count: 20 })
  assertFaqShape(t, en, 'en')
  t.ok(en.length >= 3, `several FAQs (${en.length})`)
  for (const faq of en) {
    t.match(faq.question, ENGLISH_QUESTION, `English: ${faq.question}`)
    t.notMatch(faq.question, DUTCH_QUESTION, 'not Dutch')
    t.ok(sentencesOf(GARDENS_TEXT).includes(faq.answer), `"${faq.answer}" is a sentence of the content`)
  }
  t.notOk(
    en.some((f) => ['Do you want advice?', 'Call us.'].includes(f.answer)),
    'the question and the fragment are left out',
  )
  const named = await faqs(t, api, { content: GARDENS_TEXT, language: 'en', company_name: GARDENS })
  t.ok(named[0]!.question.includes(GARDENS), `the sentence naming the company: ${named[0]!.question}`)
  t.match(named[0]!.question, ENGLISH_QUESTION)
  t.strictSame(await faqs(t, api, { content: GARDENS_TEXT, language: 'en-GB', count: 20 }), en, 'en-GB is English too')
})

t.test('POST /instant-agents/faqs: content without informative sentences gives no FAQs', async (t) => {
  const { api } = await setup(t)
  t.strictSame(
    await faqs(t, api, { content: 'Wat kost een brood bij u? Bent u op zondag ook open?' }),
    [],
    'only questions',
  )
  t.strictSame(await faqs(t, api, { content: 'Brood. Gebak. Taart. Koek. Vlaai.' }), [], 'only fragments')
})

t.test('POST /instant-agents/faqs: bounds of content and count', async (t) => {
  const { api } = await setup(t)
  const url = '/v1/instant-agents/faqs'
  const long = 'Wij repareren fietsen van alle merken. '.repeat(600)
  t.equal((await api.post(url, { content: 'x'.repeat(20) })).statusCode, 200, '20 characters is enough')
  t.equal((await api.post(url, { content: long.slice(0, 20000) })).statusCode, 200, '20,000 characters is allowed')
  assertInvalid(t, await api.post(url, { content: 'x'.repeat(19) }), 'content', '19 characters')
  assertInvalid(t, await api.post(url, { content: '' }), 'content', 'empty content')
  assertInvalid(t, await api.post(url, { content: long.slice(0, 20001) }), 'content', '20,001 characters')
  assertInvalid(t, await api.post(url, {}), 'content', 'no content')
  assertInvalid(t, await api.post(url, { content: 42 }), 'content', 'content a number')

  for (const count of [1, 20]) {
    t.equal((await api.post(url, { content: BAKERY_TEXT, count })).statusCode, 200, `count ${count}`)
  }
  for (const count of [0, 21, -1, 2.5, '5']) {
    assertInvalid(t, await api.post(url, { content: BAKERY_TEXT, count }), 'count', `count ${JSON.stringify(count)}`)
  }
  assertInvalid(
    t,
    await api.post(url, { content: BAKERY_TEXT, company_name: '' }),
    'company_name',
    'empty company_name',
  )
  assertInvalid(t, await api.post(url, { content: BAKERY_TEXT, topic: 'brood' }), 'topic', 'an unknown field')
  t.equal(await assistantsTotal(api), 2, 'generating FAQs creates no assistant')
})

// --- the knowledge base ----------------------------------------------------------------------------

t.test("an instant agent's FAQs are searchable through POST /knowledgebase/query", async (t) => {
  const { api } = await setup(t)
  const { assistant, faqs: generated } = await createAgent(t, api)
  t.ok(generated.length >= 3, 'some FAQs to search')
  const wordsOf = (text: string) => (text.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => w.length >= 6)

  let searched = 0
  for (const [i, faq] of generated.entries()) {
    const elsewhere = generated
      .filter((_, j) => j !== i)
      .map((f) => `${f.question} ${f.answer}`.toLowerCase())
      .join(' ')
    // A word of this answer that no other FAQ contains.
    const word = wordsOf(faq.answer).find((w) => !elsewhere.includes(w))
    if (!word) continue
    searched++
    const res = await api.post('/v1/knowledgebase/query', { assistant_id: assistant.id, query: word })
    t.equal(res.statusCode, 200, `query "${word}"`)
    const { results } = res.json().data
    t.ok(results.length >= 1, `"${word}" finds something`)
    t.match(
      results[0],
      { question: faq.question, answer: faq.answer, score: Number },
      `"${word}" finds "${faq.question}" first`,
    )
  }
  t.ok(searched >= 3, `searched ${searched} FAQs by a word of their own`)

  const none = await api.post('/v1/knowledgebase/query', { assistant_id: assistant.id, query: 'kwantumfysica' })
  t.strictSame(none.json().data.results, [], 'a word from none of them finds nothing')
})

// --- bad input -------------------------------------------------------------------------------------

t.test('POST /instant-agents: invalid input is refused and creates nothing', async (t) => {
  const { api } = await setup(t)
  const base = { company_name: BAKERY, description: BAKERY_TEXT }
  const refused: Array<[string, Record<string, unknown>, string]> = [
    ['missing company_name', { description: BAKERY_TEXT }, 'company_name'],
    ['missing description', { company_name: BAKERY }, 'description'],
    ['empty company_name', { ...base, company_name: '' }, 'company_name'],
    ['whitespace-only company_name', { ...base, company_name: '   ' }, 'company_name'],
    ['empty description', { ...base, description: '' }, 'description'],
    ['whitespace-only description', { ...base, description: '  \n\t ' }, 'description'],
    ['website_url ftp://x', { ...base, website_url: 'ftp://x' }, 'website_url'],
    ['website_url not a URL', { ...base, website_url: 'goudenkorst' }, 'website_url'],
    ['server_url not http(s)', { ...base, server_url: 'mailto:info@goudenkorst.nl' }, 'server_url'],
    ['type unknown', { ...base, type: 'robot' }, 'type'],
    ['company_name a number', { ...base, company_name: 42 }, 'company_name'],
    ['an unknown field', { ...base, industry: 'bakkerij' }, 'industry'],
    ['a read-only field', { ...base, faqs: [] }, 'faqs'],
  ]
  for (const [what, body, field] of refused) assertInvalid(t, await api.post('/v1/instant-agents', body), field, what)
  assertInvalid(t, await api.post('/v1/instant-agents', {}), 'company_name', 'an empty body')

  const list = (await api.get('/v1/assistants?limit=100')).json()
  t.equal(list.meta.total, 2, 'no assistant was created')
  t.strictSame(list.data.map((a: { name: string }) => a.name).sort(), ['Afsprakenplanner', 'Klantenservice'])
})
