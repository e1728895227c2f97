package io.cairn.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** Layout versions: what a repository of each version gets from this build. */
class RepoTest {
  @TempDir
  Path tmp;

  @Test
  void aNewRepositoryHasThisLayoutAndOpens() throws Exception {
    Path dir = tmp.resolve("repo");
    Repo.init(dir);
    assertEquals(Repo.VERSION + "\n", Files.readString(dir.resolve("version")));
    Repo.open(dir, "test").close();
    assertEquals(new Repo.Migration(Repo.VERSION, Repo.VERSION), Repo.migrate(dir));
  }

  @Test
  void aVersionOneRepositoryIsRefusedUntilMigratedAndKeepsItsBlocks() throws Exception {
    Path dir = tmp.resolve("repo");
    Repo.init(dir);
    byte[] data = "kept across the migration".getBytes(StandardCharsets.UTF_8);
    io.cairn.codec.Block block = io.cairn.codec.Block.create(1, io.cairn.codec.Multicodec.RAW, data);
    try (Repo repo = Repo.open(dir, "test")) {
      repo.store().put(block);
    }
    versionOne(dir.resolve("datastore/index"));
    Files.writeString(dir.resolve("version"), "1\n");
    RepoException refused = assertThrows(RepoException.class, () -> Repo.open(dir, "test"));
    assertTrue(refused.getMessage().contains("run 'cairn repo migrate'"), refused.getMessage());

    assertEquals(new Repo.Migration(1, Repo.VERSION), Repo.migrate(dir));
    assertEquals(Repo.VERSION + "\n", Files.readString(dir.resolve("version")));
    assertTrue(families(dir.resolve("datastore/index")).contains("meta"));
    try (Repo repo = Repo.open(dir, "test")) {
      assertTrue(repo.store().has(block.cid()));
    }
  }

  @Test
  void newerAndDamagedVersionsAreRefusedByName() throws Exception {
    Path dir = tmp.resolve("repo");
    Repo.init(dir);
    Files.writeString(dir.resolve("version"), (Repo.VERSION + 1) + "\n");
    for (RepoException e : List.of(assertThrows(RepoException.class, () -> Repo.open(dir, "test")),
        assertThrows(RepoException.class, () -> Repo.migrate(dir)))) {
      assertTrue(e.getMessage().contains("written by a newer Cairn"), e.getMessage());
    }
    Files.writeString(dir.resolve("version"), "0\n");
    assertTrue(assertThrows(RepoException.class, () -> Repo.open(dir, "test")).getMessage().contains("damaged"));
    Files.writeString(dir.resolve("version"), "two\n");
    assertTrue(assertThrows(RepoException.class, () -> Repo.migrate(dir)).getMessage().contains("not a number"));
    assertEquals("two\n", Files.readString(dir.resolve("version")));
  }

  /** Makes the datastore what version 1 wrote: without the {@code meta} column family. */
  private static void versionOne(Path db) throws Exception {
    List<ColumnFamilyDescriptor> all = new ArrayList<>(List.of(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY)));
    for (String name : families(db)) {
      if (!name.equals("default")) {
        all.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8)));
      }
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions(); RocksDB rocks = RocksDB.open(options, db.toString(), all, handles)) {
      for (ColumnFamilyHandle h : handles) {
        if (new String(h.getName(), StandardCharsets.UTF_8).equals("meta")) {
          rocks.dropColumnFamily(h);
        }
      }
      handles.forEach(ColumnFamilyHandle::close);
    }
    assertTrue(!families(db).contains("meta"));
  }

  private static List<String> families(Path db) throws Exception {
    List<String> names = new ArrayList<>();
    for (byte[] name : RocksDB.listColumnFamilies(new Options(), db.toString())) {
      names.add(new String(name, StandardCharsets.UTF_8));
    }
    return names;
  }
}
