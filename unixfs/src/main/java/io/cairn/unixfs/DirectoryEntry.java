package io.cairn.unixfs;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** One entry of a directory being built: a name and the imported node it points at. */
public record DirectoryEntry(String name, ImportedNode node) {
  public DirectoryEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(node, "node");
  }

  byte[] nameBytes() {
    return name.getBytes(StandardCharsets.UTF_8);
  }
}
