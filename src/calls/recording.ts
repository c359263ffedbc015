// Call recordings: a real, short WAV file (a soft 440 Hz tone as long as the call, at most 10 s),
// served at a URL whose token is the authorization, like Flireo's signed recording links.
import { createHmac, timingSafeEqual } from 'node:crypto'

const sampleRate = 8000
const maxSeconds = 10

export function wavFile(durationSeconds: number): Buffer {
  const samples = Math.round(Math.min(Math.max(durationSeconds, 0), maxSeconds) * sampleRate)
  const data = Buffer.alloc(samples * 2)
  for (let i = 0; i < samples; i++) {
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / sampleRate) * 3000), i * 2)
  }
  const header = Buffer.alloc(44)
  header.write('RIFF', 0)
  header.writeUInt32LE(36 + data.length, 4)
  header.write('WAVE', 8)
  header.write('fmt ', 12)
  header.writeUInt32LE(16, 16) // size of the fmt chunk
  header.writeUInt16LE(1, 20) // PCM
  header.writeUInt16LE(1, 22) // mono
  header.writeUInt32LE(sampleRate, 24)
  header.writeUInt32LE(sampleRate * 2, 28) // bytes per second
  header.writeUInt16LE(2, 32) // bytes per sample frame
  header.writeUInt16LE(16, 34) // bits per sample
  header.write('data', 36)
  header.writeUInt32LE(data.length, 40)
  return Buffer.concat([header, data])
}

export const recordingToken = (secret: string, callId: string) =>
  createHmac('sha256', secret).update(callId).digest('hex').slice(0, 32)

export function validToken(secret: string, callId: string, token: string) {
  const expected = Buffer.from(recordingToken(secret, callId))
  const given = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

export const recordingPath = (secret: string, callId: string) =>
  `/_mock/recordings/${callId}.wav?token=${recordingToken(secret, callId)}`

/** Signed recording links: the secret is kept in the database, the address is known once the server listens. */
export function createRecordingLinks(secret: string, baseUrl: string) {
  const links = { secret, baseUrl }
  return {
    secret,
    url: (callId: string) => links.baseUrl + recordingPath(secret, callId),
    /** The URL the server answers at, once it listens. */
    setBaseUrl(url: string) {
      links.baseUrl = url
    },
  }
}
