package io.cumulo.storage.s3;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes the small XML documents S3 answers with. Text and attribute values are escaped, and
 * characters XML 1.0 cannot carry at all are written as character references (as S3 does for keys).
 */
final class XmlWriter {
  static final String S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final StringBuilder out = new StringBuilder(256).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  private final Deque<String> open = new ArrayDeque<>();

  /** Opens the root element in S3's namespace. */
  static XmlWriter document(String root) {
    XmlWriter xml = new XmlWriter();
    xml.out.append('<').append(root).append(" xmlns=\"").append(S3_NAMESPACE).append("\">");
    xml.open.push(root);
    return xml;
  }

  /** Opens a root element without a namespace (S3's Error documents have none). */
  static XmlWriter bareDocument(String root) {
    XmlWriter xml = new XmlWriter();
    xml.out.append('<').append(root).append('>');
    xml.open.push(root);
    return xml;
  }

  XmlWriter start(String name) {
    out.append('<').append(name).append('>');
    open.push(name);
    return this;
  }

  XmlWriter end() {
    out.append("</").append(open.pop()).append('>');
    return this;
  }

  /** An element with text content; a null value writes nothing. */
  XmlWriter element(String name, Object value) {
    if (value != null) {
      out.append('<').append(name).append('>');
      escape(value.toString());
      out.append("</").append(name).append('>');
    }
    return this;
  }

  XmlWriter element(String name, Instant value) {
    return element(name, value == null ? null : ISO_MILLIS.format(value));
  }

  /** An element holding a raw, already well-formed XML fragment. */
  XmlWriter raw(String fragment) {
    out.append(fragment);
    return this;
  }

  /** Closes every open element and returns the UTF-8 bytes. */
  byte[] toBytes() {
    while (!open.isEmpty()) {
      end();
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void escape(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
            // Not representable as text in XML 1.0; a character reference keeps the key intact.
            out.append("&#x").append(Integer.toHexString(c)).append(';');
          } else {
            out.append(c);
          }
        }
      }
    }
  }
}
