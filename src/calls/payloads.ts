// The four webhook payloads (webhooks.md § The four events), key for key and in the documented
// key order.
import type { WebhookTaskItem } from '../../schemas/webhooks.js'
import { assistantNumber, customerNumber, type CallRecord } from './calls.js'

const userMetadata = (call: CallRecord) => (Object.keys(call.metadata).length === 0 ? null : call.metadata)

export const assistantRequest = (call: CallRecord) => ({
  eventType: 'assistant-request',
  fromCaller: customerNumber(call),
  toAssistant: assistantNumber(call),
})

export const toolCalls = (call: CallRecord, tasks: WebhookTaskItem[], now: number) => ({
  eventTime: now,
  callId: call.id,
  eventType: 'tool-calls',
  fromCaller: customerNumber(call),
  toAssistant: assistantNumber(call),
  tasksInitiated: tasks,
  userMetadata: userMetadata(call),
})

export const statusUpdate = (call: CallRecord, now: number) => ({
  eventTimestamp: now,
  eventType: 'status-update',
  callSession: call.id,
  fromCaller: customerNumber(call),
  toAssistant: assistantNumber(call),
  status: call.status,
  ...(call.status === 'ended-with-debugging' ? { 'debugging-artifact': call.debugging_artifact } : {}),
})

export const endOfCallReport = (call: CallRecord, transcript: string, now: number) => ({
  eventTimestamp: now,
  eventType: 'end-of-call-report',
  callId: call.id,
  fromCaller: customerNumber(call),
  toAssistant: assistantNumber(call),
  transcriptText: transcript,
  summaryText: call.summary ?? '',
  recordings: { linkStereo: call.recording_url ?? '' },
  callLengthSeconds: call.duration_seconds ?? 0,
  analysis: {
    summary: call.analysis?.summary ?? '',
    structuredData: call.analysis?.structured_data ?? {},
    successEvaluation: call.analysis?.success_evaluation ?? 'false',
  },
  endedReason: call.ended_reason ?? '',
  userMetadata: userMetadata(call),
})
