import t from 'tap'
import { testApp } from './helpers.js'

t.test('GET /health answers without a key', async (t) => {
  const app = await testApp(t)
  const res = await app.inject('/health')
  t.equal(res.statusCode, 200)
  t.match(res.json(), { status: 'ok', version: /^\d+\.\d+\.\d+/, uptime_seconds: Number })
})
