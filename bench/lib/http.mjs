// One HTTP request on node:http, always bounded by a timeout. The bench talks only to 127.0.0.1.
import http from 'node:http'

/**
 * Sends a request and reads the whole answer: `{ status, text, json() }`. `body` is JSON-encoded
 * unless it is a string. Rejects on a network error or after `timeoutMs`.
 */
export function request(url, { method = 'GET', headers = {}, body, agent = false, timeoutMs = 10_000 } = {}) {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
  const allHeaders = payload === undefined ? headers : { 'content-type': 'application/json', ...headers }
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: allHeaders, agent }, (res) => {
      const chunks = []
      res.on('data', (chunk) => chunks.push(chunk))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({ status: res.statusCode, text, json: () => JSON.parse(text) })
      })
      res.on('error', reject)
    })
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)))
    req.on('error', reject)
    req.end(payload)
  })
}

/** Like request(), but rejects unless the status is 2xx; resolves with the parsed JSON body. */
export async function requestOk(url, options) {
  const res = await request(url, options)
  if (res.status < 200 || res.status > 299) {
    throw new Error(`${options?.method ?? 'GET'} ${url}: ${res.status} ${res.text.slice(0, 300)}`)
  }
  return res.text ? res.json() : undefined
}
