#!/usr/bin/env node
// Checks the scale-out recipe (examples/scale-out): behind a proxy that hashes on the Authorization
// header, one API key always reaches the same flireo-mock instance, and different keys spread over
// the instances. A contact created through the proxy with a key must be found through the proxy with
// that key every time, and, asked directly, exactly one instance has it. Not part of `npm test`: it
// needs the recipe running.
// Usage: node scripts/scale-out-check.mjs [--proxy URL] [--instance URL]... [--keys N] [--rounds N]
// (defaults: the proxy on http://127.0.0.1:4010, instances on http://127.0.0.1:4011 and :4012)
import { randomBytes, randomInt } from 'node:crypto'
import { parseArgs } from 'node:util'

const { values: options } = parseArgs({
  options: {
    proxy: { type: 'string', default: 'http://127.0.0.1:4010' },
    instance: { type: 'string', multiple: true, default: ['http://127.0.0.1:4011', 'http://127.0.0.1:4012'] },
    keys: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '10' },
  },
})
const proxy = options.proxy.replace(/\/$/, '')
const instances = options.instance.map((url) => url.replace(/\/$/, ''))
const keyCount = Number(options.keys)
const rounds = Number(options.rounds)

let passed = 0
let failed = 0
function check(ok, message) {
  console.log(`${ok ? 'ok' : 'not ok'} - ${message}`)
  if (ok) passed++
  else failed++
}

const call = async (base, key, method, path, body) => {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body && { 'content-type': 'application/json' }) },
    body: body && JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

for (const base of [proxy, ...instances]) {
  const res = await fetch(`${base}/health`).catch((error) => ({ ok: false, status: error.cause?.code ?? error }))
  check(res.ok, `${base}/health answers 200 (got ${res.status})`)
}
if (failed) process.exit(1)

// Fresh keys on every run, so earlier runs' workspaces cannot make a lookup pass.
const run = randomBytes(4).toString('hex')
const keys = Array.from({ length: keyCount }, (_, i) => `scale-out-${run}-${i + 1}`)
const contactOf = new Map()
for (const key of keys) {
  const phone = `+316${String(randomInt(10 ** 8)).padStart(8, '0')}`
  const res = await call(proxy, key, 'POST', '/v1/contacts', { phone_number: phone, full_name: `Scale-out ${key}` })
  check(res.status === 201, `${key}: contact created through the proxy (${res.status})`)
  contactOf.set(key, res.body.contact_id)
}

// Round after round, every key in turn, so consecutive requests carry different keys.
const found = new Map(keys.map((key) => [key, 0]))
for (let round = 0; round < rounds; round++) {
  for (const key of keys) {
    const res = await call(proxy, key, 'GET', `/v1/contacts/${contactOf.get(key)}`)
    if (res.status === 200 && res.body.contact_id === contactOf.get(key)) found.set(key, found.get(key) + 1)
  }
}

const keysOn = new Map(instances.map((base) => [base, []]))
for (const key of keys) {
  check(found.get(key) === rounds, `${key}: ${found.get(key)}/${rounds} lookups through the proxy found its contact`)
  const holders = []
  for (const base of instances) {
    const res = await call(base, key, 'GET', `/v1/contacts/${contactOf.get(key)}`)
    if (res.status === 200) holders.push(base)
  }
  check(
    holders.length === 1,
    `${key}: asked directly, exactly one instance has the contact (${holders.join(', ') || 'none'})`,
  )
  if (holders.length === 1) keysOn.get(holders[0]).push(key)
}

const used = [...keysOn.values()].filter((onInstance) => onInstance.length > 0).length
check(
  used >= Math.min(2, instances.length),
  `${keyCount} keys spread over ${used} of ${instances.length} instances: ` +
    [...keysOn].map(([base, onInstance]) => `${base} ${onInstance.length}`).join(', '),
)

for (const key of keys) await call(proxy, key, 'DELETE', `/v1/contacts/${contactOf.get(key)}`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
