// The live event stream's vocabulary (mock-control.md § Watching and driving it live): what a
// write publishes after its commit, and what /_mock/events and mock.events() hand to readers.
// Times are the workspace's clock, as the API writes them (`2026-01-15T10:30:00Z`).

export interface EventData {
  'call.created': {
    call_id: string
    direction: 'inbound' | 'outbound'
    status: string
    from_number: string
    to_number: string
    assistant_id: string
  }
  'call.status': { call_id: string; status: string }
  'call.line': { call_id: string; role: string; text: string; time: string; tool_call_id?: string; name?: string }
  'call.ended': { call_id: string; status: string; ended_reason: string; duration_seconds: number }
  'webhook.attempt': {
    delivery_id: string
    call_id: string | null
    event: string
    url: string
    attempt: number
    ok: boolean
    status_code: number | null
    error: string | null
    duration_ms: number
  }
  request: { method: string; path: string; status: number; duration_ms: number }
  'timer.fired': { kind: string; subject: string | null; due_at: string }
  'clock.changed': { now: string; mode: 'real' | 'manual'; speed: number }
  'order.settled': { order_id: string; status: string; phone_number: string }
  'verification.reviewed': { group_id: string; status: string }
  'scheduled_call.fired': { scheduled_call_id: string; status: string; call_id: string | null }
  'resource.changed': { kind: string; id: string; action: 'created' | 'updated' | 'deleted' }
}

export type EventType = keyof EventData

/** One event as a write hands it over; the stream adds its sequence id and time. */
export type MockEventInput = { [T in EventType]: { type: T; data: EventData[T] } }[EventType]

/** One event as a reader receives it. */
export type MockEvent = MockEventInput & { id: number; workspace_id: string; time: string }

/** Where published events go once their transaction has committed. */
export interface EventSink {
  /** `time`: the workspace's clock when the change happened, formatted as the API does. */
  publish(workspaceId: string, time: string, event: MockEventInput): void
}
