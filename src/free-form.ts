// The bounds of a free-form object (README § Limits) also hold for what a merge builds: a PATCH
// that adds keys to `logs` or `metadata` may not grow it past them either.
import { freeFormLimits } from '../schemas/common.js'
import { invalidParameter } from './errors.js'

/** Throws 400 invalid_parameters naming `field` when `value` is over 1,000 keys or 64 KB as JSON. */
export function checkFreeForm(field: string, value: object | null) {
  if (value === null) return
  if (Object.keys(value).length > freeFormLimits.keys) {
    throw invalidParameter(field, `would have more than ${freeFormLimits.keys} keys`)
  }
  if (Buffer.byteLength(JSON.stringify(value)) > freeFormLimits.jsonBytes) {
    throw invalidParameter(field, `would be larger than ${freeFormLimits.jsonBytes / 1024} KB as JSON`)
  }
}
