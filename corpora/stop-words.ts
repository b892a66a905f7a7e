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

/**
 * Chinese function words for keyword questions: particles, pronouns, prepositions, conjunctions,
 * auxiliaries and the politeness/instruction verbs that make up most of a sentence's frame
 * (请, 使用, 进行). Like the English list it is short; nouns and content verbs are never in it.
 */
export const CHINESE_STOP_WORDS: ReadonlySet<string> = new Set([
  '的', '了', '着', '过', '地', '得', '之', '所',
  '是', '在', '有', '和', '与', '及', '或', '而', '并', '且', '但', '也', '都', '就', '还', '又', '才',
  '对', '从', '把', '被', '让', '向', '由', '于', '为', '给', '以', '将', '到', '按', '跟', '比',
  '我', '你', '您', '他', '她', '它', '我们', '你们', '他们', '她们', '它们', '自己',
  '这', '那', '这个', '那个', '这些', '那些', '这里', '那里', '其', '此', '该', '各', '每',
  '什么', '怎么', '如何', '哪', '哪些', '哪个', '谁', '吗', '呢', '吧', '啊',
  '会', '能', '可', '可以', '能够', '要', '需', '需要', '应', '应该', '应当', '请', '使用', '进行', '通过', '一个', '一些',
  '如果', '因为', '所以', '因此', '然后', '以及', '或者', '并且', '而且', '但是', '其中', '已经',
]);

/** Single characters that ICU glues onto a neighbouring word (请在 → 请|在, 部会 → 部|会). */
export const CHINESE_FUNCTION_CHARS: ReadonlySet<string> = new Set([
  '的', '了', '在', '是', '和', '与', '及', '或', '也', '都', '就', '对', '从', '把', '被', '让', '向', '由', '于',
  '为', '给', '以', '将', '到', '会', '能', '可', '要', '请', '该', '其', '各', '每', '吗', '呢', '吧',
]);
