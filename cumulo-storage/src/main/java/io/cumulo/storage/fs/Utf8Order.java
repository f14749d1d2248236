package io.cumulo.storage.fs;

import java.util.Comparator;

/**
 * Orders strings as S3 lists keys: by their UTF-8 bytes, which is code point order. Plain
 * {@link String#compareTo} compares UTF-16 units and puts U+10000.. before U+E000..U+FFFF; this
 * comparator moves surrogates above U+FFFF (keys are validated to hold no lone surrogates).
 */
final class Utf8Order implements Comparator<String> {
  static final Utf8Order INSTANCE = new Utf8Order();

  /** U+10FFFF, the greatest code point: {@code p + MAX_CODE_POINT} sorts after every other key of prefix p but those starting with it. */
  static final String MAX_CODE_POINT = new String(Character.toChars(Character.MAX_CODE_POINT));

  private Utf8Order() {}

  @Override
  public int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return Integer.compare(rank(x), rank(y));
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  private static int rank(char c) {
    if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
      return c + 0x2000;
    }
    return c >= 0xE000 ? c - 0x800 : c;
  }
}
