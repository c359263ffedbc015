// Instant Agents — an assistant from a business description, and FAQ generation (endpoints.md § 9).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ref } from '../../schemas/common.js'
import {
  GenerateFaqsInput,
  GenerateFaqsResponse,
  InstantAgentCreateInput,
  InstantAgentResponse,
} from '../../schemas/instant-agents.js'
import { generateFaqs } from '../instant-agents/faqs.js'
import { responses, taggedRoutes } from './shared.js'

export const instantAgentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { instantAgents } = app.services
  const route = taggedRoutes('Instant Agents')

  app.post(
    '/instant-agents',
    route('Instant agent aanmaken', {
      description: 'Composes an assistant (name, first message, system prompt) and its FAQs from the description.',
      body: ref(InstantAgentCreateInput),
      response: responses({ 201: ref(InstantAgentResponse) }, [400]),
    }),
    async (request, reply) =>
      reply
        .code(201)
        .send({ message: 'Instant agent created', data: instantAgents.create(request.workspace, request.body) }),
  )

  app.post(
    '/instant-agents/faqs',
    route('Veelgestelde vragen genereren', {
      description: 'Deterministic: one FAQ per informative sentence of the content, at most `count`.',
      body: ref(GenerateFaqsInput),
      response: responses({ 200: ref(GenerateFaqsResponse) }, [400]),
    }),
    async (request) => {
      const { content, company_name, count = 5, language = 'nl' } = request.body
      return { data: { faqs: generateFaqs({ content, company_name, count, language }) } }
    },
  )
}
