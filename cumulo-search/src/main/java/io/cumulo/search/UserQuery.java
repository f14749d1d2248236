package io.cumulo.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Reads what a user typed as a Lucene query, without a syntax that could fail. Words are required
 * and match as written, as a prefix ({@code sun} finds {@code sunset}) or by English stem
 * ({@code sunsets} finds {@code sunset}); {@code "quoted words"} must appear together;
 * {@code -word} and {@code -"quoted words"} exclude. An unmatched quote is ignored and the text
 * after it read as words; everything else that is not a word (operators, brackets, wildcards) is
 * dropped by the analyzer like any punctuation.
 *
 * <p>Scores: an exact word counts more than a prefix, and a word found in several fields counts
 * once per field, so documents matching in more places rank first.
 */
final class UserQuery {
  /** Words and phrases read from one query; the rest is ignored so the query stays cheap. */
  static final int MAX_PARTS = 32;
  /** Words of one phrase that are matched; a longer phrase is cut to its start. */
  static final int MAX_PHRASE_WORDS = 16;
  /**
   * Per-field clauses (words times fields) beyond which an index with many field names ranks by
   * the catch-all field alone, keeping the query under Lucene's 1024-clause ceiling.
   */
  private static final int MAX_FIELD_CLAUSES = 512;
  private static final float EXACT_BOOST = 2f;

  private final SearchAnalyzer analyzer;

  UserQuery(SearchAnalyzer analyzer) {
    this.analyzer = analyzer;
  }

  /**
   * The Lucene query for a user's text, or null when the text has no word to look for (only
   * punctuation, or only exclusions).
   *
   * @param userFields the names of the fields the index holds, for per-field scoring
   */
  Query translate(String text, Collection<String> userFields) {
    var fields = userFields.size() * MAX_PARTS <= MAX_FIELD_CLAUSES ? userFields : List.<String>of();
    var required = new ArrayList<Query>();
    var excluded = new ArrayList<Query>();
    int at = 0;
    int parts = 0;
    while (at < text.length() && parts < MAX_PARTS) {
      char c = text.charAt(at);
      if (Character.isWhitespace(c)) {
        at++;
        continue;
      }
      boolean exclude = c == '-';
      int start = exclude ? at + 1 : at;
      if (start < text.length() && text.charAt(start) == '"') {
        int close = text.indexOf('"', start + 1);
        if (close > 0) {
          var words = analyzer.words(SearchDocuments.ALL_FIELD, text.substring(start + 1, close));
          if (!words.isEmpty()) {
            (exclude ? excluded : required).add(phrase(words));
            parts++;
          }
          at = close + 1;
          continue;
        }
        start++;
      }
      int end = start;
      while (end < text.length() && !Character.isWhitespace(text.charAt(end))
          && text.charAt(end) != '"') {
        end++;
      }
      var words = analyzer.words(SearchDocuments.ALL_FIELD, text.substring(start, end));
      if (exclude && !words.isEmpty()) {
        excluded.add(phrase(words));
        parts++;
      } else {
        for (int i = 0; i < words.size() && parts < MAX_PARTS; i++, parts++) {
          required.add(word(words.get(i), fields));
        }
      }
      at = Math.max(end, at + 1);
    }
    if (required.isEmpty()) {
      return null;
    }
    var query = new BooleanQuery.Builder();
    required.forEach(clause -> query.add(clause, Occur.MUST));
    excluded.forEach(clause -> query.add(clause, Occur.MUST_NOT));
    return query.build();
  }

  /** One required word: any of its forms matches; each form that matches adds to the score. */
  private Query word(String word, Collection<String> fields) {
    var forms = new BooleanQuery.Builder();
    forms.add(new BoostQuery(new TermQuery(allTerm(word)), EXACT_BOOST), Occur.SHOULD);
    // Constant score: a prefix match says little about relevance, only that the word is there.
    forms.add(new PrefixQuery(allTerm(word)), Occur.SHOULD);
    var stems = analyzer.words(SearchDocuments.STEMMED_FIELD, word);
    if (stems.size() == 1) {
      forms.add(new TermQuery(new Term(SearchDocuments.STEMMED_FIELD, stems.getFirst())), Occur.SHOULD);
    }
    for (String field : fields) {
      forms.add(new TermQuery(new Term(field, word)), Occur.SHOULD);
    }
    return forms.build();
  }

  /** Words that must appear together, in order; a single word matches exactly, not as prefix. */
  private static Query phrase(List<String> words) {
    if (words.size() == 1) {
      return new BoostQuery(new TermQuery(allTerm(words.getFirst())), EXACT_BOOST);
    }
    var phrase = new PhraseQuery.Builder();
    for (String word : words.subList(0, Math.min(words.size(), MAX_PHRASE_WORDS))) {
      phrase.add(allTerm(word));
    }
    return new BoostQuery(phrase.build(), EXACT_BOOST);
  }

  private static Term allTerm(String word) {
    return new Term(SearchDocuments.ALL_FIELD, word);
  }
}
