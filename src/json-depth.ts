// JSON request bodies are UTF-8 and nest at most 64 levels: anything else is a 400, not text with
// U+FFFD stored in place of the bytes sent, a stack overflow, or a json_valid() failure in SQLite.
import type { FastifyBodyParser, FastifyRequest } from 'fastify'
import { invalidParameter } from './errors.js'

export const maxJsonDepth = 64

/** The deepest nesting of objects and arrays in JSON text, strings skipped; one pass. */
export function jsonDepth(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) {
        i++
      } // backslash: skip the escaped character
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 123 || c === 91) deepest = Math.max(deepest, ++depth)
    else if (c === 125 || c === 93) depth--
  }
  return deepest
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Fastify's own JSON parser (with its prototype-poisoning checks), behind the UTF-8 and depth checks. */
export const jsonWithinDepth =
  (parse: FastifyBodyParser<string>): FastifyBodyParser<Buffer> =>
  (request: FastifyRequest, raw: Buffer, done) => {
    let body: string
    try {
      body = utf8.decode(raw)
    } catch {
      return done(invalidParameter('body', 'is not valid UTF-8', 'The request body is not valid UTF-8'), undefined)
    }
    if (jsonDepth(body) > maxJsonDepth) {
      return done(invalidParameter('body', `nests deeper than ${maxJsonDepth} levels`), undefined)
    }
    return parse(request, body, done)
  }
