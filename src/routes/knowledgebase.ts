// Geavanceerd — querying an assistant's knowledge base (endpoints.md § 8).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ref } from '../../schemas/common.js'
import { QueryKnowledgebaseInput, QueryKnowledgebaseResponse } from '../../schemas/calls.js'
import { responses } from './shared.js'

export const knowledgebaseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { knowledge } = app.services

  app.post(
    '/knowledgebase/query',
    {
      config: { entity: 'Assistant' },
      schema: {
        tags: ['Geavanceerd'],
        summary: 'Kennisbank bevragen',
        description:
          "Full-text search (BM25) over the assistant's FAQs; no match is an empty list. Higher scores are better.",
        body: ref(QueryKnowledgebaseInput),
        response: responses({ 200: ref(QueryKnowledgebaseResponse) }),
      },
    },
    async (request) => {
      const { assistant_id, query, limit = 5 } = request.body
      return { data: { query, results: knowledge.query(request.workspace, assistant_id, query, limit) } }
    },
  )
}
