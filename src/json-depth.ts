// JSON request bodies nest at most 64 levels: deeper ones are a 400, not a stack overflow or a
// json_valid() failure deep in SQLite.
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

/** Fastify's own JSON parser (with its prototype-poisoning checks), behind the depth check. */
export const jsonWithinDepth =
  (parse: FastifyBodyParser<string>): FastifyBodyParser<string> =>
  (request: FastifyRequest, body: string, done) => {
    if (jsonDepth(body) > maxJsonDepth) {
      return done(invalidParameter('body', `nests deeper than ${maxJsonDepth} levels`), undefined)
    }
    return parse(request, body, done)
  }
