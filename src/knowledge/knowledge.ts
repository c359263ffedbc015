// The knowledge base (endpoints.md § 8): full-text search over an assistant's FAQs. SQLite FTS5
// (faq_index, kept in step with assistants.faqs by triggers) finds the FAQs that match; they are
// ranked with BM25 over that assistant's FAQs alone, so one workspace's scores never depend on
// what another workspace holds, and every match scores above 0.
import type { Faq } from '../../schemas/assistants.js'
import type { Assistants } from '../assistants/assistants.js'
import type { Db } from '../db/open.js'
import type { Workspace } from '../workspaces/workspaces.js'
import { stopwords } from '../language/stopwords.js'

/** Words as FTS5's unicode61 tokenizer with remove_diacritics sees them. */
export const words = (text: string) =>
  (text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu) ?? []) as string[]

/** The words a query searches for: words like "wat" and "hoe" only when it has nothing else. */
export function queryTerms(query: string) {
  const all = words(query)
  const meaningful = all.filter((word) => !stopwords.has(word))
  return [...new Set(meaningful.length > 0 ? meaningful : all)]
}

/** Each term quoted (nothing a user types is FTS5 syntax) and as a prefix ("onderhoud*"). */
export const matchExpression = (terms: string[]) => terms.map((term) => `"${term}"*`).join(' OR ')

const k1 = 1.2
const b = 0.75

/** BM25 of each FAQ for the terms, with the statistics of these FAQs only; a term matches as a prefix. */
function bm25(faqs: Faq[], terms: string[]) {
  const documents = faqs.map((faq) => words(`${faq.question} ${faq.answer}`))
  const averageLength = documents.reduce((sum, d) => sum + d.length, 0) / Math.max(documents.length, 1)
  const frequency = (document: string[], term: string) => document.filter((word) => word.startsWith(term)).length
  const idf = new Map(
    terms.map((term) => {
      const containing = documents.filter((d) => frequency(d, term) > 0).length
      // This form of IDF stays positive even for a term in every FAQ.
      return [term, Math.log(1 + (documents.length - containing + 0.5) / (containing + 0.5))]
    }),
  )
  return documents.map((document) =>
    terms.reduce((score, term) => {
      const f = frequency(document, term)
      return score + (idf.get(term)! * f * (k1 + 1)) / (f + k1 * (1 - b + (b * document.length) / averageLength))
    }, 0),
  )
}

export function createKnowledge(db: Db, assistants: Assistants) {
  const matching = db.prepare<Record<string, unknown>, { question: string; answer: string }>(
    `SELECT question, answer FROM faq_index
     WHERE faq_index MATCH @match AND workspace_id = @workspace AND assistant_id = @assistant`,
  )

  return {
    query(workspace: Workspace, assistantId: string, query: string, limit: number) {
      const { faqs } = assistants.get(workspace, assistantId)
      const terms = queryTerms(query)
      if (terms.length === 0) return []
      const matched = matching.all({ match: matchExpression(terms), workspace: workspace.id, assistant: assistantId })
      const isMatch = new Set(matched.map((m) => `${m.question}\n${m.answer}`))
      const scores = bm25(faqs, terms)
      return faqs
        .map((faq, index) => ({ question: faq.question, answer: faq.answer, score: scores[index]! }))
        .filter((result) => isMatch.has(`${result.question}\n${result.answer}`))
        .sort((x, y) => y.score - x.score)
        .slice(0, limit)
        .map((result) => ({ ...result, score: Math.round(result.score * 1e4) / 1e4 }))
    },
  }
}

export type Knowledge = ReturnType<typeof createKnowledge>
