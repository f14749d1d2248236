package io.cumulo.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Splits text into words the same way for documents and queries: Unicode word boundaries, lower
 * case, accents folded ({@code Café} is {@code cafe}); the stemmed field also reduces English
 * words to their stem ({@code sunsets} and {@code sunset} meet). No stop words: a user who types a
 * word wants it matched.
 */
final class SearchAnalyzer extends Analyzer {
  /** Positions between the values of a multi-valued field, so a phrase never spans two fields. */
  private static final int VALUE_GAP = 100;

  SearchAnalyzer() {
    // Components differ by field (stemmed or not), so they must not be shared across fields.
    super(PER_FIELD_REUSE_STRATEGY);
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    var tokenizer = new StandardTokenizer();
    TokenStream words = new ASCIIFoldingFilter(new LowerCaseFilter(tokenizer));
    if (fieldName.equals(SearchDocuments.STEMMED_FIELD)) {
      words = new PorterStemFilter(words);
    }
    return new TokenStreamComponents(tokenizer, words);
  }

  @Override
  public int getPositionIncrementGap(String fieldName) {
    return VALUE_GAP;
  }

  /** The words of a text as the given field indexes them. */
  List<String> words(String field, String text) {
    try (TokenStream stream = tokenStream(field, text)) {
      var term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      var words = new ArrayList<String>();
      while (stream.incrementToken()) {
        words.add(term.toString());
      }
      stream.end();
      return words;
    } catch (IOException e) {
      throw new UncheckedIOException("analyzing text in memory failed", e);
    }
  }
}
