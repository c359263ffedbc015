// Linking numbers to assistants (endpoints.md § 1, "Linking"): one number per assistant; a custom
// number serves one assistant; the shared default number moves to whichever assistant links it.
import type { Assistants } from './assistants.js'
import type { Effects, Work } from '../effects/work.js'
import { ApiError, notFound } from '../errors.js'
import type { Workspace } from '../workspaces/workspaces.js'
import type { Numbers } from '../phone-numbers/numbers.js'
import type { Orders } from '../phone-numbers/orders.js'

export interface LinksDeps {
  effects: Effects
  numbers: Numbers
  orders: Orders
  assistants: Assistants
}

const numberChanged = (work: Work, id: string) =>
  work.publish({ type: 'resource.changed', data: { kind: 'phone_number', id, action: 'updated' } })

export function createLinks({ effects, numbers, orders, assistants }: LinksDeps) {
  return {
    linked(workspace: Workspace, assistantId: string) {
      const assistant = assistants.get(workspace, assistantId)
      const row = numbers.linkedTo(workspace, assistantId)
      return {
        assistant_id: assistant.id,
        assistant_name: assistant.name,
        phone_number: row
          ? { id: row.id, number: row.phone_number, type: row.number_type, locality: row.locality, origin: row.origin }
          : null,
      }
    },

    link: (workspace: Workspace, assistantId: string, phoneNumberId: string) =>
      effects.run(workspace, (work) => {
        const assistant = assistants.get(workspace, assistantId)
        const row = numbers.row(workspace, phoneNumberId)
        if (!row) {
          if (orders.exists(workspace, phoneNumberId)) {
            throw new ApiError('invalid_status', 'The order of this number has not succeeded', {
              phone_number_id: phoneNumberId,
            })
          }
          throw notFound('Phone number')
        }
        if (row.status === 'deleted') {
          throw new ApiError('invalid_status', 'The phone number is deleted', { phone_number_id: row.id })
        }
        if (row.assistant_id === assistant.id) {
          throw new ApiError('already_linked', 'This phone number is already linked to this assistant', {
            phone_number_id: row.id,
            assistant_id: assistant.id,
          })
        }
        if (row.origin === 'custom' && row.assistant_id !== null) {
          throw new ApiError('already_in_use', 'This phone number is linked to another assistant', {
            phone_number_id: row.id,
            assistant_id: row.assistant_id,
          })
        }
        const previous = numbers.linkedTo(workspace, assistant.id)
        numbers.unlinkAssistant(workspace, assistant.id)
        const released = row.origin === 'default' ? numbers.releaseDefaults(workspace, assistant.id) : 0
        numbers.link(workspace, row.id, assistant.id)
        if (previous) numberChanged(work, previous.id)
        numberChanged(work, row.id)
        return {
          assistant_id: assistant.id,
          phone_number: { id: row.id, number: row.phone_number, type: row.number_type, locality: row.locality },
          previous_phone_number_id: previous?.id ?? null,
          released_assistants: released,
        }
      }),

    unlink: (workspace: Workspace, assistantId: string) =>
      effects.run(workspace, (work) => {
        const assistant = assistants.get(workspace, assistantId)
        const row = numbers.linkedTo(workspace, assistant.id)
        if (!row) {
          throw new ApiError('no_phone_number', 'This assistant has no phone number linked', {
            assistant_id: assistant.id,
          })
        }
        numbers.unlinkAssistant(workspace, assistant.id)
        numberChanged(work, row.id)
        return { assistant_id: assistant.id, unlinked_phone_number: { id: row.id, number: row.phone_number } }
      }),
  }
}

export type Links = ReturnType<typeof createLinks>
