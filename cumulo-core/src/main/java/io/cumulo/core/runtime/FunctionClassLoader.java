package io.cumulo.core.runtime;

import io.cumulo.api.Handler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The class loader of one deployed function's code. It sees the function's jar or classes
 * directory, the JDK, and the {@code io.cumulo.api} package — nothing of the platform's own
 * classpath (Jackson, Jetty, SQLite), so a function may bundle any versions of those it likes.
 */
final class FunctionClassLoader extends URLClassLoader {
  static {
    registerAsParallelCapable();
  }

  FunctionClassLoader(String name, Path code) {
    super(name, new URL[] {toUrl(code)}, new ApiOnlyParent());
  }

  private static URL toUrl(Path code) {
    try {
      // A directory URL must end with '/' or URLClassLoader treats it as a jar.
      String uri = code.toUri().toString();
      if (Files.isDirectory(code) && !uri.endsWith("/")) {
        uri += "/";
      }
      return java.net.URI.create(uri).toURL();
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes the jar so an undeployed function's file can be deleted; classes stay usable while referenced. */
  void release() {
    try {
      close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Delegates {@code io.cumulo.api.*} to the platform's copy (so Handler is one type) and the rest to the JDK. */
  private static final class ApiOnlyParent extends ClassLoader {
    private static final ClassLoader API = Handler.class.getClassLoader();
    private static final String API_PACKAGE = Handler.class.getPackageName() + ".";

    ApiOnlyParent() {
      super("cumulo-api", ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith(API_PACKAGE)) {
        return API.loadClass(name);
      }
      return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
      if (name.startsWith(API_PACKAGE.replace('.', '/'))) {
        return API.getResource(name);
      }
      return super.getResource(name);
    }
  }
}
