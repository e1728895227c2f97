package io.cairn.server.sync;

import io.cairn.server.node.Names;
import java.io.IOException;
import java.util.Map;

/**
 * A synced tree's stable name: after every sync its root is published under the IPNS key named
 * after the tree (made on the first sync), so {@code /ipns/<name>/} on the gateway always serves
 * the latest version and clients never change their URL. Each sync publishes again, even when
 * nothing changed, which also renews the record's validity. A failure to publish does not undo
 * the sync (its version is committed and pinned); it is reported beside the result.
 */
public final class StableName {
  private StableName() {}

  /** Publishes {@code result}'s root and adds {@code Ipns} (or {@code IpnsError}) to its JSON form {@code out}. */
  public static void publish(Names names, SyncResult result, Map<String, Object> out) {
    try {
      Names.Published p = names.publish(result.name(), result.root());
      out.put("Ipns", "/ipns/" + p.name());
    } catch (IOException | RuntimeException e) {
      out.put("IpnsError", "the sync is done, but its name was not published: " + e.getMessage()
          + "; publish it with 'cairn name publish --key " + result.name() + " /ipfs/" + result.root() + "'");
    }
  }
}
