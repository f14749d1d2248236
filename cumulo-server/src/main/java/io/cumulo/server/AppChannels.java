package io.cumulo.server;

import io.cumulo.core.channels.ChannelHub;
import io.cumulo.core.deploy.AppListener;
import io.cumulo.core.manifest.AppManifest;
import java.nio.file.Path;

/** Forgets an undeployed app's channels, so a later app of the same name starts with none. */
final class AppChannels implements AppListener {
  private final ChannelHub channels;

  AppChannels(ChannelHub channels) {
    this.channels = channels;
  }

  @Override
  public void deployed(AppManifest manifest, int version, Path bundleDir) {
    // Channels come into being on first publish or subscribe; a deploy needs nothing.
  }

  @Override
  public void undeployed(String app) {
    channels.dropApp(app);
  }
}
