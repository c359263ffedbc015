// FAQ generation without a model or network (endpoints.md § 9): the content is split into
// sentences, each informative sentence becomes the answer of one FAQ, and its question comes from
// what the sentence is about. The same input always gives the same FAQs.
import { stopwords } from '../language/stopwords.js'
export interface Faq {
  question: string
  answer: string
}

export interface FaqRequest {
  content: string
  company_name?: string
  count: number
  language: string
}

type Language = 'nl' | 'en'

/** Topics a business description often covers, and the question each one answers. */
const topics: { words: RegExp; nl: string; en: string }[] = [
  {
    words: /\b(open|geopend|openingstijden|opening hours|hours|maandag|monday|weekend)\b/i,
    nl: 'Wat zijn de openingstijden?',
    en: 'What are the opening hours?',
  },
  {
    // \u20ac is the euro sign, escaped: one non-ASCII character in the bundle makes Node decode all of
    // it as two-byte text at start-up (scripts/bundle.mjs refuses one).
    words: /(\u20ac|\beuro\b|\bkost|\bprijs|\bprijzen|\btarie|\bprice|\bcost|\bfee)/i,
    nl: 'Wat kost het?',
    en: 'What does it cost?',
  },
  {
    words: /\b(adres|gevestigd|locatie|vestiging|straat|address|located|location)\b/i,
    nl: 'Waar bent u gevestigd?',
    en: 'Where are you located?',
  },
  {
    words: /\b(bel|bellen|telefoon|e-?mail|mail|contact|phone|call us)\b/i,
    nl: 'Hoe kan ik contact opnemen?',
    en: 'How can I get in touch?',
  },
  {
    words: /\b(lever\w*|bezorg\w*|verzend\w*|deliver\w*|shipping)\b/i,
    nl: 'Hoe werkt de levering?',
    en: 'How does delivery work?',
  },
  {
    words: /\b(retour\w*|ruil\w*|terugsturen|return\w*|refund\w*)\b/i,
    nl: 'Kan ik iets retourneren?',
    en: 'Can I return something?',
  },
  {
    words: /\b(afspraak|afspraken|reserver\w*|boek\w*|appointment\w*|book\w*|reservation\w*)\b/i,
    nl: 'Hoe maak ik een afspraak?',
    en: 'How do I make an appointment?',
  },
  { words: /\b(betal\w*|ideal|pin\w*|creditcard|pay\w*)\b/i, nl: 'Hoe kan ik betalen?', en: 'How can I pay?' },
  { words: /\b(garantie|warranty|guarantee)\b/i, nl: 'Welke garantie krijg ik?', en: 'What warranty do I get?' },
]

/** The sentences of a text; questions and fragments are not informative enough to answer with. */
export function sentences(content: string): string[] {
  return content
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length >= 20 && s.split(' ').length >= 4 && !s.endsWith('?'))
}

/** The word a sentence is most about: its longest word that is not a stopword. */
function subjectOf(sentence: string): string | undefined {
  const words = sentence.match(/[\p{L}][\p{L}\p{N}'-]*/gu) ?? []
  return words
    .filter((w) => w.length >= 4 && !stopwords.has(w.toLowerCase()))
    .reduce<string | undefined>((best, w) => (best === undefined || w.length > best.length ? w : best), undefined)
}

function questionFor(sentence: string, language: Language, company?: string): string {
  if (company && sentence.toLowerCase().includes(company.toLowerCase())) {
    return language === 'nl' ? `Wat doet ${company}?` : `What does ${company} do?`
  }
  const topic = topics.find((t) => t.words.test(sentence))
  if (topic) return topic[language]
  const subject = subjectOf(sentence)?.toLowerCase() ?? sentence.split(' ')[0]!.toLowerCase()
  return language === 'nl' ? `Wat kunt u vertellen over ${subject}?` : `What can you tell me about ${subject}?`
}

export function generateFaqs({ content, company_name, count, language }: FaqRequest): Faq[] {
  const lang: Language = language.split('-')[0] === 'nl' ? 'nl' : 'en'
  const faqs: Faq[] = []
  const asked = new Set<string>()
  for (const sentence of sentences(content)) {
    if (faqs.length >= count) break
    const question = questionFor(sentence, lang, company_name)
    // One answer per question: a second sentence on the same topic is left out.
    if (asked.has(question)) continue
    asked.add(question)
    faqs.push({ question, answer: sentence })
  }
  return faqs
}
