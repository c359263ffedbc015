// What Node's HTTP parser refuses before Fastify sees a request, sent as raw bytes over a real
// socket (app.inject bypasses the parser): answered in the Flireo error shape as JSON, like every
// other answer of the mock, and the connection closed.
import t from 'tap'
import { connect } from 'node:net'
import { startMock } from '../src/index.js'

interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/** Sends `bytes` on a fresh connection and reads everything until the server closes it. */
function rawRequest(port: number, bytes: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes))
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const split = text.indexOf('\r\n\r\n')
      const [statusLine = '', ...headerLines] = text.slice(0, split).split('\r\n')
      const headers = Object.fromEntries(
        headerLines.map((line) => [
          line.slice(0, line.indexOf(':')).toLowerCase(),
          line.slice(line.indexOf(':') + 1).trim(),
        ]),
      )
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: text.slice(split + 4) })
    })
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')))
  })
}

t.test('requests the HTTP parser refuses are answered in the Flireo error shape', async (t) => {
  const mock = await startMock({ logLevel: 'silent', quiet: true })
  t.teardown(() => mock.close())
  const port = Number(new URL(mock.url).port)
  const auth = `Authorization: Bearer ${mock.apiKey}\r\n`
  const cases: [string, string | Buffer, number, string][] = [
    [
      'a CR inside a header value',
      `GET /v1/contacts HTTP/1.1\r\nHost: x\r\n${auth}X-Note: a\rb\r\n\r\n`,
      400,
      'request',
    ],
    [
      'a NUL inside a header value',
      Buffer.from(`GET /v1/contacts HTTP/1.1\r\nHost: x\r\n${auth}X-Note: a\0b\r\n\r\n`),
      400,
      'request',
    ],
    [
      'bad chunked encoding',
      `POST /v1/contacts HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
      400,
      'request',
    ],
    [
      'Content-Length with Transfer-Encoding',
      `POST /v1/contacts HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
      400,
      'request',
    ],
    ['an invalid method', `FL!REO /v1/contacts HTTP/1.1\r\nHost: x\r\n${auth}\r\n`, 400, 'request'],
    ['a header line without a colon', `GET /v1/contacts HTTP/1.1\r\nHost: x\r\nnot a header\r\n\r\n`, 400, 'request'],
    ['not HTTP at all', 'hello\r\n\r\n', 400, 'request'],
    [
      'a URL over 16 KB',
      `GET /v1/contacts?search=${'a'.repeat(17 * 1024)} HTTP/1.1\r\nHost: x\r\n${auth}\r\n`,
      431,
      'headers',
    ],
    [
      'headers over 16 KB',
      `GET /v1/contacts HTTP/1.1\r\nHost: x\r\n${auth}X-Big: ${'b'.repeat(17 * 1024)}\r\n\r\n`,
      431,
      'headers',
    ],
  ]
  for (const [label, bytes, status, field] of cases) {
    const res = await rawRequest(port, bytes)
    t.equal(res.status, status, `${label}: ${status}`)
    t.match(res.headers['content-type'], /^application\/json/, `${label}: JSON`)
    t.equal(Number(res.headers['content-length']), Buffer.byteLength(res.body), `${label}: Content-Length`)
    const body = JSON.parse(res.body)
    t.same(Object.keys(body), ['error'], `${label}: only "error" at the top`)
    t.same(Object.keys(body.error).sort(), ['code', 'details', 'message'], `${label}: code, message, details`)
    t.equal(body.error.code, 'invalid_parameters', `${label}: invalid_parameters`)
    t.match(body.error.details, { field, reason: String }, `${label}: names ${field}`)
  }

  const ok = await rawRequest(port, `GET /v1/contacts HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`)
  t.equal(ok.status, 200, 'the server still answers well-formed requests')
  t.equal(JSON.parse(ok.body).meta.total, 3)
})
