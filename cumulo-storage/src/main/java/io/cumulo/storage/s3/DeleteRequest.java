package io.cumulo.storage.s3;

import java.util.ArrayList;
import java.util.List;

/**
 * A DeleteObjects request document ({@code <Delete><Quiet>..</Quiet><Object><Key>..</Key></Object>...}).
 *
 * @param quiet whether only failures are reported
 * @param keys the keys to delete, in document order, 1..{@link ObjectOperations#MAX_DELETE_KEYS}
 */
record DeleteRequest(boolean quiet, List<String> keys) {

  /** @throws io.cumulo.core.storage.StorageException {@code MalformedXML} when the document is not one */
  static DeleteRequest parse(byte[] document) {
    XmlElement root = XmlElement.parse(document).expect("Delete");
    boolean quiet = "true".equalsIgnoreCase(root.childText("Quiet"));
    List<XmlElement> objects = root.all("Object");
    if (objects.isEmpty() || objects.size() > ObjectOperations.MAX_DELETE_KEYS) {
      throw S3Errors.malformedXml("a Delete request names 1.." + ObjectOperations.MAX_DELETE_KEYS
          + " objects, this one " + objects.size());
    }
    List<String> keys = new ArrayList<>();
    for (XmlElement object : objects) {
      String key = object.childText("Key");
      if (key == null || key.isEmpty()) {
        throw S3Errors.malformedXml("every Object in a Delete request needs a Key");
      }
      keys.add(key);
    }
    return new DeleteRequest(quiet, List.copyOf(keys));
  }
}
