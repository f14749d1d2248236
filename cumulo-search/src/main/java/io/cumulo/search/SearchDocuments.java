package io.cumulo.search;

import io.cumulo.api.search.SearchHit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.Term;

/**
 * How a user's document is laid out in Lucene. Each user field is stored and indexed under its own
 * name; every value is also indexed in a catch-all field (what queries match against) and in a
 * stemmed catch-all. Platform fields start with '$', which user field names cannot contain.
 */
final class SearchDocuments {
  private SearchDocuments() {}

  static final String ID_FIELD = "$id";
  static final String ALL_FIELD = "$all";
  static final String STEMMED_FIELD = "$stemmed";

  static Term idTerm(String id) {
    return new Term(ID_FIELD, id);
  }

  static List<IndexableField> toLucene(String id, Map<String, String> fields) {
    var document = new ArrayList<IndexableField>(2 + 3 * fields.size());
    document.add(new StringField(ID_FIELD, id, Field.Store.YES));
    fields.forEach((name, value) -> {
      document.add(new TextField(name, value, Field.Store.YES));
      document.add(new TextField(ALL_FIELD, value, Field.Store.NO));
      document.add(new TextField(STEMMED_FIELD, value, Field.Store.NO));
    });
    return document;
  }

  static boolean isUserField(String name) {
    return !name.startsWith("$");
  }

  static SearchHit toHit(Document document, float score) {
    var fields = new HashMap<String, String>();
    for (IndexableField field : document.getFields()) {
      if (isUserField(field.name())) {
        fields.put(field.name(), field.stringValue());
      }
    }
    return new SearchHit(document.get(ID_FIELD), score, fields);
  }
}
