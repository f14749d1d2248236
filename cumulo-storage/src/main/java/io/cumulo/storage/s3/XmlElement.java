package io.cumulo.storage.s3;

import io.cumulo.core.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A parsed request document: an element's local name (namespaces ignored, as S3 accepts documents
 * with or without its namespace), its text and its child elements.
 */
record XmlElement(String name, String text, List<XmlElement> children) {
  /** Nesting deeper than this is refused; S3's request documents are at most a few levels deep. */
  private static final int MAX_DEPTH = 32;
  private static final XMLInputFactory FACTORY = secureFactory();

  private static XMLInputFactory secureFactory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    // No DTDs and no external entities: a request body must not make us read files or URLs (XXE).
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    return factory;
  }

  /**
   * Parses a whole document.
   *
   * @throws StorageException 400 {@code MalformedXML} when it is not well-formed, has a DTD, or nests too deep
   */
  static XmlElement parse(byte[] document) {
    try {
      XMLStreamReader reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(document));
      try {
        while (reader.hasNext()) {
          int event = reader.next();
          if (event == XMLStreamConstants.DTD) {
            throw S3Errors.malformedXml("DTDs are not allowed");
          }
          if (event == XMLStreamConstants.START_ELEMENT) {
            XmlElement root = element(reader, 1);
            while (reader.hasNext()) {
              int after = reader.next();
              if (after == XMLStreamConstants.START_ELEMENT || after == XMLStreamConstants.DTD) {
                throw S3Errors.malformedXml("a document has one root element");
              }
            }
            return root;
          }
        }
        throw S3Errors.malformedXml("the body is empty");
      } finally {
        reader.close();
      }
    } catch (XMLStreamException | RuntimeException e) {
      if (e instanceof StorageException se) {
        throw se;
      }
      throw S3Errors.malformedXml("The XML you provided was not well-formed or did not validate against our published schema");
    }
  }

  private static XmlElement element(XMLStreamReader reader, int depth) throws XMLStreamException {
    if (depth > MAX_DEPTH) {
      throw S3Errors.malformedXml("the document nests deeper than " + MAX_DEPTH + " elements");
    }
    String name = reader.getLocalName();
    StringBuilder text = new StringBuilder();
    List<XmlElement> children = new ArrayList<>();
    while (true) {
      int event = reader.next();
      switch (event) {
        case XMLStreamConstants.START_ELEMENT -> children.add(element(reader, depth + 1));
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text.append(reader.getText());
        case XMLStreamConstants.ENTITY_REFERENCE -> throw S3Errors.malformedXml("entity references are not allowed");
        case XMLStreamConstants.END_ELEMENT -> {
          return new XmlElement(name, children.isEmpty() ? text.toString() : text.toString().strip(), List.copyOf(children));
        }
        default -> { }
      }
    }
  }

  /** The first child with this name, or null. */
  XmlElement child(String childName) {
    for (XmlElement c : children) {
      if (c.name.equals(childName)) {
        return c;
      }
    }
    return null;
  }

  /** Every child with this name, in order. */
  List<XmlElement> all(String childName) {
    return children.stream().filter(c -> c.name.equals(childName)).toList();
  }

  /** The text of the first child with this name, or null. */
  String childText(String childName) {
    XmlElement c = child(childName);
    return c == null ? null : c.text;
  }

  /** Checks the root element's name. */
  XmlElement expect(String rootName) {
    if (!name.equals(rootName)) {
      throw S3Errors.malformedXml("expected a " + rootName + " document, got " + name);
    }
    return this;
  }
}
