package io.cumulo.core.runtime;

import io.cumulo.core.manifest.BucketTrigger;
import io.cumulo.core.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the function targets of an S3 {@code NotificationConfiguration} document: each
 * {@code LambdaFunctionConfiguration} (or the older {@code CloudFunctionConfiguration}) whose
 * function ARN names a Cumulo function as {@code ...function:APP/FN}. Queue and topic
 * configurations are kept by the store but have no targets yet.
 */
final class NotificationConfig {
  /** A function subscribed to a bucket's events. */
  record Target(String id, String function, BucketTrigger trigger) {}

  private NotificationConfig() {}

  static List<Target> parse(String bucket, byte[] document) {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    // No DTDs, no external entities: the document came from a client.
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    List<Target> targets = new ArrayList<>();
    try {
      XMLStreamReader xml = factory.createXMLStreamReader(new ByteArrayInputStream(document));
      Config current = null;
      String filterName = null;
      StringBuilder text = new StringBuilder();
      while (xml.hasNext()) {
        int event = xml.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          text.setLength(0);
          String name = xml.getLocalName();
          if (name.equals("LambdaFunctionConfiguration") || name.equals("CloudFunctionConfiguration")) {
            current = new Config();
          }
        } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
          text.append(xml.getText());
        } else if (event == XMLStreamConstants.END_ELEMENT && current != null) {
          String value = text.toString().strip();
          switch (xml.getLocalName()) {
            case "Id" -> current.id = value;
            case "Function", "CloudFunction", "LambdaFunctionArn" -> current.function = functionOf(value);
            case "Event" -> {
              String type = BucketTrigger.normaliseEventType(value);
              if (type != null) {
                current.events.add(type);
              }
            }
            case "Name" -> filterName = value.toLowerCase(java.util.Locale.ROOT);
            case "Value" -> {
              if ("prefix".equals(filterName)) {
                current.prefix = value;
              } else if ("suffix".equals(filterName)) {
                current.suffix = value;
              }
            }
            case "LambdaFunctionConfiguration", "CloudFunctionConfiguration" -> {
              if (current.function != null && !current.events.isEmpty()) {
                targets.add(new Target(current.id == null ? "notification" : current.id, current.function,
                    new BucketTrigger(bucket, current.events, current.prefix, current.suffix)));
              }
              current = null;
            }
            default -> { }
          }
          text.setLength(0);
        }
      }
    } catch (XMLStreamException e) {
      throw new StorageException(400, "MalformedXML", "the notification configuration is not valid XML");
    }
    return targets;
  }

  /** {@code arn:...:function:APP/FN} (or a bare {@code APP/FN}) to {@code APP/FN}; null otherwise. */
  private static String functionOf(String arn) {
    int at = arn.lastIndexOf("function:");
    String name = at < 0 ? arn : arn.substring(at + "function:".length());
    return name.matches("[a-z][a-z0-9-]{0,62}/[a-z][a-z0-9-]{0,62}") ? name : null;
  }

  private static final class Config {
    String id;
    String function;
    List<String> events = new ArrayList<>();
    String prefix = "";
    String suffix = "";
  }
}
