// PUT-versus-PATCH semantics shared by every resource (endpoints.md, "Update semantics").
import { invalidParameter } from './errors.js'
import { checkFreeForm } from './free-form.js'

export type UpdateMode = 'replace' | 'merge'

/** JSON Merge Patch (RFC 7396) of a flat string map: a key sent as `null` is removed. */
export function mergeMap(
  current: Record<string, string> | null,
  patch: Record<string, string | null> | null | undefined,
): Record<string, string> | null {
  if (patch === undefined) return current
  if (patch === null) return null
  const merged: Record<string, string> = { ...current }
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key]
    else merged[key] = value
  }
  return merged
}

/**
 * The writable fields after an update. `replace` starts from the defaults (PUT: whatever is not
 * sent is reset), `merge` from the current values (PATCH: only what is sent changes). Fields named
 * in `maps` are merged key by key either way, and stay within the bounds of a free-form object.
 */
export function applyUpdate<W extends object>(
  mode: UpdateMode,
  current: W,
  defaults: W,
  input: Partial<Record<keyof W, unknown>>,
  maps: readonly (keyof W)[] = [],
): W {
  const base = mode === 'replace' ? defaults : current
  const next = { ...base, ...input } as W
  for (const key of maps) {
    const patch = input[key] as Record<string, string | null> | null | undefined
    const merged = mergeMap(base[key] as Record<string, string> | null, patch)
    checkFreeForm(String(key), merged)
    next[key] = merged as W[keyof W]
  }
  return next
}

/** PUT bodies must carry the fields a resource cannot do without. */
export function requireFields(mode: UpdateMode, input: object, fields: readonly string[]) {
  if (mode !== 'replace') return
  for (const field of fields) {
    if (!(field in input)) {
      throw invalidParameter(field, 'is required', `Invalid body parameter '${field}': is required`)
    }
  }
}
