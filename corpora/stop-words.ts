/**
 * A deliberately small English stop-word list: function words (articles, pronouns,
 * auxiliaries, prepositions, conjunctions) that carry no topic. Kept short so that
 * content words such as "system", "first" or "use" are never dropped; negations
 * ("not", "no") are kept because they change meaning in questions.
 */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the',
  'and', 'or', 'but', 'if', 'then', 'so', 'than', 'as',
  'of', 'in', 'on', 'at', 'to', 'for', 'from', 'by', 'with', 'into', 'onto', 'about',
  'over', 'under', 'between', 'through', 'during', 'before', 'after', 'up', 'down', 'out', 'off',
  'is', 'are', 'was', 'were', 'be', 'been', 'being', 'am',
  'do', 'does', 'did', 'done', 'doing',
  'have', 'has', 'had', 'having',
  'will', 'would', 'shall', 'should', 'can', 'could', 'may', 'might', 'must',
  'i', 'me', 'my', 'we', 'us', 'our', 'you', 'your', 'he', 'him', 'his', 'she', 'her',
  'it', 'its', 'they', 'them', 'their',
  'this', 'that', 'these', 'those', 'there', 'here',
  'what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how',
  'all', 'any', 'each', 'some', 'such', 'own', 'same', 'other',
  'very', 'too', 'also', 'just', 'only', 'again', 'once',
  "it's", "i'm", "you're", "we're", "they're", "that's", "there's",
]);
