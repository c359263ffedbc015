// Fault rule paths: a prefix (`/v1/contacts`), or a pattern where `*` is any text within one path
// segment and `**` any text at all. A pattern runs as the set of its positions the path so far can
// have reached, advanced for all of them at once one character at a time (a bit-parallel NFA, no
// backtracking): matching costs the path's length times the pattern's length / 32 word steps
// whatever the pattern, so `/**a**a**a**b` cannot stall the server as a regular expression did.

const slash = 47

/** Bit j of a set: position j of the pattern. */
const words = (positions: number) => new Uint32Array((positions >> 5) + 1)
const setBit = (set: Uint32Array, j: number) => (set[j >> 5]! |= 1 << (j & 31))

export function pathMatcher(pattern: string): (path: string) => boolean {
  if (!pattern.includes('*')) return (path) => path.startsWith(pattern)

  // Tokens: characters and stars. A run of stars with `**` in it is one `**`.
  const tokens: ('*' | '**' | number)[] = []
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== '*') tokens.push(pattern.charCodeAt(i))
    else if (pattern[i + 1] === '*' || tokens.at(-1) === '**') {
      while (pattern[i + 1] === '*') i++
      if (tokens.at(-1) === '*') tokens.pop()
      if (tokens.at(-1) !== '**') tokens.push('**')
    } else tokens.push('*')
  }
  const end = tokens.length
  const stars = words(end)
  const anyStars = words(end)
  /** For each character of the pattern, the positions where it is the next character. */
  const literals = new Map<number, Uint32Array>()
  tokens.forEach((token, j) => {
    if (token === '*' || token === '**') {
      setBit(stars, j)
      if (token === '**') setBit(anyStars, j)
    } else {
      if (!literals.has(token)) literals.set(token, words(end))
      setBit(literals.get(token)!, j)
    }
  })
  const none = words(end)
  const size = stars.length

  /** to = (from & mask) moved one position on, ORed into `to`. */
  const advance = (to: Uint32Array, from: Uint32Array, mask: Uint32Array) => {
    let carry = 0
    for (let w = 0; w < size; w++) {
      const bits = from[w]! & mask[w]!
      to[w]! |= (bits << 1) | carry
      carry = bits >>> 31
    }
  }

  return (path) => {
    let reached = words(end)
    let next = words(end)
    reached[0] = 1
    advance(reached, reached, stars) // a star may match nothing (stars are never adjacent)
    for (let i = 0; i < path.length; i++) {
      const c = path.charCodeAt(i)
      const loops = c === slash ? anyStars : stars
      let alive = 0
      for (let w = 0; w < size; w++) alive |= next[w] = reached[w]! & loops[w]!
      advance(next, reached, literals.get(c) ?? none)
      advance(next, next, stars)
      for (let w = 0; w < size; w++) alive |= next[w]!
      if (alive === 0) return false
      const previous = reached
      reached = next
      next = previous
    }
    return (reached[end >> 5]! & (1 << (end & 31))) !== 0
  }
}
