// The knowledge base (endpoints.md § 8): full-text search over an assistant's FAQs, ranked by
// BM25. The index (faq_index, FTS5) follows assistants.faqs through triggers.
import type { Assistants } from '../assistants/assistants.js'
import type { Db } from '../db/open.js'
import type { Workspace } from '../workspaces/workspaces.js'
import { stopwords } from '../language/stopwords.js'

/**
 * Any of the query's words, each quoted (so nothing a user types is FTS5 syntax) and as a prefix
 * (Dutch compounds: "onderhoud" finds "onderhoudsbeurt"). Words like "wat" and "hoe", found in
 * nearly every question, are left out unless the query has nothing else.
 */
export function matchExpression(query: string) {
  const words = query.match(/[\p{L}\p{N}]+/gu) ?? []
  const meaningful = words.filter((word) => !stopwords.has(word.toLowerCase()))
  return (meaningful.length > 0 ? meaningful : words).map((word) => `"${word}"*`).join(' OR ')
}

export function createKnowledge(db: Db, assistants: Assistants) {
  const search = db.prepare<Record<string, unknown>, { question: string; answer: string; rank: number }>(
    `SELECT question, answer, bm25(faq_index) AS rank FROM faq_index
     WHERE faq_index MATCH @match AND workspace_id = @workspace AND assistant_id = @assistant
     ORDER BY rank LIMIT @limit`,
  )

  return {
    query(workspace: Workspace, assistantId: string, query: string, limit: number) {
      assistants.get(workspace, assistantId)
      const match = matchExpression(query)
      const rows = match ? search.all({ match, workspace: workspace.id, assistant: assistantId, limit }) : []
      // BM25 ranks better matches lower; the API's score is higher for better.
      return rows.map(({ question, answer, rank }) => ({ question, answer, score: Math.round(-rank * 1e4) / 1e4 }))
    },
  }
}

export type Knowledge = ReturnType<typeof createKnowledge>
