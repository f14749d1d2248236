package io.cumulo.core.runtime;

import io.cumulo.api.images.Images;
import io.cumulo.core.channels.ChannelHub;
import io.cumulo.core.search.SearchIndex;
import io.cumulo.core.services.ServiceCalls;
import io.cumulo.core.storage.ObjectUrls;
import io.cumulo.core.tables.TableStore;

/**
 * The platform facilities functions reach through their {@code Context}, beyond objects and other
 * functions. A null member means this node has no such facility; a handler that asks for it gets
 * a clear {@code NotAvailable} error.
 */
public record RuntimeServices(Images images, SearchIndex search, TableStore tables, ChannelHub channels,
    ServiceCalls services, ObjectUrls objectUrls) {

  /** No facilities: for runtimes that only run functions (benchmarks, tests). */
  public static RuntimeServices none() {
    return new RuntimeServices(null, null, null, null, null, null);
  }
}
