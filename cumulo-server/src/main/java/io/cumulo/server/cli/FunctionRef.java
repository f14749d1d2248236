package io.cumulo.server.cli;

import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A function named on the command line as {@code APP/FN}.
 *
 * @param app the app's name
 * @param function the function's name within the app
 */
record FunctionRef(String app, String function) {
  /** The manifest's naming rule for apps and functions. */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  static FunctionRef parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0
        || !NAME.matcher(text.substring(0, slash)).matches()
        || !NAME.matcher(text.substring(slash + 1)).matches()) {
      throw new TypeConversionException(
          "expected APP/FN such as hello/echo (lowercase letters, digits and '-', starting with a"
              + " letter) but got '"
              + text
              + "'");
    }
    return new FunctionRef(text.substring(0, slash), text.substring(slash + 1));
  }

  /** The path of this function under {@code /admin/v1/functions}; names need no escaping. */
  String path() {
    return app + "/" + function;
  }

  @Override
  public String toString() {
    return path();
  }

  /** Lets picocli turn a bad {@code APP/FN} into a usage error. */
  static final class Converter implements ITypeConverter<FunctionRef> {
    @Override
    public FunctionRef convert(String value) {
      return parse(value);
    }
  }
}
