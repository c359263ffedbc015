// Instant agents (endpoints.md § 9): an assistant composed in one step from a description of a
// business, with FAQs generated from that description.
import type { Assistant } from '../../schemas/assistants.js'
import type { Assistants } from '../assistants/assistants.js'
import { transaction, type Db } from '../db/open.js'
import type { Workspace } from '../workspaces/workspaces.js'
import { generateFaqs, type Faq } from './faqs.js'

export interface InstantAgentRequest {
  company_name: string
  description: string
  website_url?: string
  language?: string
  type?: Assistant['type']
  server_url?: string
}

const texts = {
  nl: {
    name: (company: string) => `Assistent ${company}`,
    first: (company: string) => `Goedendag, u spreekt met de assistent van ${company}. Waarmee kan ik u helpen?`,
    prompt: (company: string, description: string, website?: string) =>
      `Je bent de telefonische assistent van ${company}. Over het bedrijf: ${description}` +
      (website ? ` Meer informatie staat op ${website}.` : '') +
      ' Antwoord kort, vriendelijk en in het Nederlands. Gebruik de veelgestelde vragen als kennisbron.',
    end: 'Bedankt voor uw telefoontje. Fijne dag nog!',
  },
  en: {
    name: (company: string) => `${company} Assistant`,
    first: (company: string) => `Hello, you are speaking with the assistant of ${company}. How can I help you?`,
    prompt: (company: string, description: string, website?: string) =>
      `You are the phone assistant of ${company}. About the business: ${description}` +
      (website ? ` More information is on ${website}.` : '') +
      ' Answer briefly and kindly. Use the frequently asked questions as your knowledge.',
    end: 'Thank you for calling. Have a nice day!',
  },
}

export function createInstantAgents(db: Db, assistants: Assistants) {
  return {
    create: transaction(
      db,
      (workspace: Workspace, input: InstantAgentRequest): { assistant: Assistant; faqs: Faq[] } => {
        const language = input.language ?? 'nl'
        const text = language.split('-')[0] === 'nl' ? texts.nl : texts.en
        const company = input.company_name.trim()
        const faqs = generateFaqs({ content: input.description, company_name: company, count: 5, language })
        const assistant = assistants.create(workspace, {
          name: text.name(company).slice(0, 200),
          type: input.type ?? 'default',
          language,
          first_message: text.first(company),
          system_prompt: text.prompt(company, input.description.trim(), input.website_url),
          end_call_message: text.end,
          server_url: input.server_url ?? null,
          faqs,
        })
        return { assistant, faqs }
      },
    ),
  }
}
