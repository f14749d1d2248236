package io.cumulo.examples.photos.catalog;

import io.cumulo.api.ServiceClient;

/** Starts the catalog service as Cumulo runs it: configured by environment variables. */
public final class CatalogMain {
  private CatalogMain() {}

  public static void main(String[] args) throws InterruptedException {
    CatalogConfig config = CatalogConfig.fromEnvironment(System.getenv());
    CatalogServer server = CatalogServer.start(config, ServiceClient.fromEnvironment());
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "catalog-stop"));
    System.out.println("catalog listening on 127.0.0.1:" + server.port() + ", data in " + config.dataDir());
    Thread.currentThread().join();
  }
}
