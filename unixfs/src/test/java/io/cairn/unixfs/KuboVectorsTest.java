package io.cairn.unixfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cairn.codec.BlockSink;
import io.cairn.codec.Cid;
import io.cairn.codec.Multicodec;
import io.cairn.codec.Multihash;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Known answers from Kubo's own tests (sharness t0046/t0047, test/cli/cid_profiles_test.go
 * of IPIP-499) and the byte layouts behind them.
 */
class KuboVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  private static Cid add(ImportOptions o, InputStream in, Metadata meta) throws Exception {
    try (UnixfsImporter imp = new UnixfsImporter(o, BlockSink.DISCARD)) {
      return imp.file(in, meta).cid();
    }
  }

  private static Cid add(ImportOptions o, String text) throws Exception {
    return add(o, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Metadata.NONE);
  }

  @Test
  void helloWorld() throws Exception {
    assertEquals("Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD", add(ImportOptions.defaults(), "hello world").toString());
    assertEquals("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
        add(ImportOptions.profile("unixfs-v1-2025").build(), "hello world").toString());
    assertEquals("bafybeihykld7uyxzogax6vgyvag42y7464eywpf55gxi5qpoisibh3c5wa",
        add(ImportOptions.builder().cidVersion(1).rawLeaves(false).build(), "hello world").toString());
  }

  @Test
  void inlining() throws Exception {
    String s = "jkD98jkD975hkD8\n";
    assertEquals("bafkqaedknncdsodknncdsnzvnbvuioak",
        add(ImportOptions.builder().inline(true).rawLeaves(true).build(), s).toString());
    assertEquals("bafyaagakcyeaeeqqnjvuiojynjvuiojxgvugwrbybimba",
        add(ImportOptions.builder().inline(true).build(), s).toString());
    assertEquals("bafyaabqkaqeaegaa", add(ImportOptions.builder().inline(true).build(), "").toString());
    try (UnixfsImporter imp = new UnixfsImporter(ImportOptions.builder().inline(true).build(), BlockSink.DISCARD)) {
      assertEquals("bafyaabakaieac", imp.directory(List.of(), Metadata.NONE).cid().toString());
    }
    // 24-byte limit: the 24-byte dag-pb leaf above is inlined at 24, hashed at 23
    assertEquals(Multicodec.IDENTITY, add(ImportOptions.builder().inline(true).inlineLimit(24).build(), s).multihash().code());
    assertEquals(Multicodec.SHA2_256, add(ImportOptions.builder().inline(true).inlineLimit(23).build(), s).multihash().code());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "empty file mode 0640, 0640, -1, 0, QmQLgxypSNGNFTuUPGCecq6dDEjb6hNB5xSyVmP3cEuNtq",
    "empty file mtime, -1, 1604320482, 0, QmQ6kErEW8kztQFV8vbwNU8E4dmtGsYpRiboiLxUEwibvj",
    "empty file mode and mtime, 0640, 1604320482, 0, QmYkvboLsvLFcSYmqVJRxvBdYRQLroLv9kELf3LRiCqBri",
    "empty file mtime with nanos, -1, 1603539720, 54321, QmaKH8H5rXBUBCX4vdxi7ktGQEL7wejV7L9rX2qpZjwncz",
  })
  void fileMetadata(String name, String mode, long secs, int nanos, String expected) throws Exception {
    Metadata meta = new Metadata(mode.equals("-1") ? -1 : Integer.parseInt(mode, 8), secs < 0 ? null : new UnixTime(secs, nanos));
    ImportOptions o = ImportOptions.builder().preserveMode(true).preserveMtime(true).build();
    assertEquals(expected, add(o, new ByteArrayInputStream(new byte[0]), meta).toString());
  }

  @Test
  void symlinkAndDirectoryMetadata() throws Exception {
    try (UnixfsImporter imp = new UnixfsImporter(ImportOptions.defaults(), BlockSink.DISCARD)) {
      assertEquals("QmbJwotgtr84JxcnjpwJ86uZiyMoxbZuNH4YrdJMypkYaB",
          imp.symlink("nothing", new Metadata(-1, new UnixTime(1604320482, 0))).cid().toString());
      assertEquals("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn", imp.directory(List.of(), Metadata.NONE).cid().toString());
      assertEquals("QmRviohgafvCsbkiTgfQFipbuXJ6k1YtoiaQW4quttJPKu",
          imp.directory(List.of(), new Metadata(0755, null)).cid().toString());
      assertEquals("QmYMy7CZGb498QFSQBF5ZFwv1FYbrAtYZMe4VxhDXxAcvf",
          imp.directory(List.of(), new Metadata(-1, new UnixTime(1655158722, 0))).cid().toString());
    }
  }

  @Test
  void metadataTurnsRawLeavesOffAndRefusesThemWhenExplicit() {
    assertEquals(false, ImportOptions.builder().cidVersion(1).preserveMtime(true).build().rawLeaves());
    assertThrows(IllegalArgumentException.class,
        () -> ImportOptions.builder().rawLeaves(true).preserveMode(true).build());
    assertThrows(IllegalArgumentException.class,
        () -> ImportOptions.profile("unixfs-v1-2025").preserveMtime(true).build());
  }

  @Test
  void murmurHashOfHamtName() {
    long h = Murmur3.hash64("470.txt".getBytes(StandardCharsets.UTF_8));
    assertEquals("006e88df", HEX.formatHex(java.nio.ByteBuffer.allocate(8).putLong(h).array()).substring(0, 8));
  }

  @ParameterizedTest(name = "{0} {1} bytes")
  @CsvSource({
    "unixfs-v0-2015, 262144, chunk-v0-seed, QmWmRj3dFDZdb6ABvbmKhEL6TmPbAfBZ1t5BxsEyJrcZhE",
    "unixfs-v0-2015, 262145, chunk-v0-seed, QmYyLxtzZyW22zpoVAtKANLRHpDjZtNeDjQdJrcQNWoRkJ",
    "unixfs-v0-2015, 45613056, v0-seed, QmUbBALi174SnogsUzLpYbD4xPiBSFANF4iztWCsHbMKh2",
    "unixfs-v0-2015, 45613057, v0-seed, QmV81WL765sC8DXsRhE5fJv2rwhS4icHRaf3J9Zk5FdRnW",
    "unixfs-v1-2025, 1048576, chunk-v1-seed, bafkreiacndfy443ter6qr2tmbbdhadvxxheowwf75s6zehscklu6ezxmta",
    "unixfs-v1-2025, 1048577, chunk-v1-seed, bafybeigmix7t42i6jacydtquhet7srwvgpizfg7gjbq7627d35mjomtu64",
  })
  void profileFileVectors(String profile, long size, String seed, String expected) throws Exception {
    assertEquals(expected, add(ImportOptions.profile(profile).build(), ChaCha.stream(seed, size), Metadata.NONE).toString());
  }

  @Test
  void trickleProfileVector() throws Exception {
    ImportOptions o = ImportOptions.builder().layout(Layout.TRICKLE).build();
    assertEquals("QmbqR6g7YCpndLcCZZXkGyj13uMcSrwDYUvZ47vJqBVjUH",
        add(o, ChaCha.stream("trickle-test", 45L << 20), Metadata.NONE).toString());
  }

  @ParameterizedTest(name = "{0} {2} files")
  @CsvSource({
    "unixfs-v0-2015, hamt-unixfs-v0-2015, 4096, 30, 30, QmX5GtRk3TSSEHtdrykgqm4eqMEn3n2XhfkFAis5fjyZmN",
    "unixfs-v0-2015, hamt-unixfs-v0-2015, 4033, 31, 31, QmeMiJzmhpJAUgynAcxTQYek5PPKgdv3qEvFsdV3XpVnvP",
    "unixfs-v1-2025, hamt-unixfs-v1-2025, 4766, 11, 21, bafybeic3h7rwruealwxkacabdy45jivq2crwz6bufb5ljwupn36gicplx4",
    "unixfs-v1-2025, hamt-unixfs-v1-2025, 4766, 11, 22, bafybeiegvuterwurhdtkikfhbxcldohmxp566vpjdofhzmnhv6o4freidu",
  })
  void profileDirectoryVectors(String profile, String seed, int files, int nameLen, int lastNameLen, String expected)
      throws Exception {
    assertEquals(expected, directoryVector(profile, seed, files, nameLen, lastNameLen).toString());
  }

  static Cid directoryVector(String profile, String seed, int files, int nameLen, int lastNameLen) throws Exception {
    String alphabet = "abcdefghijklmnopqrstuvwxyz01234567890-_";
    InputStream names = ChaCha.stream(seed, 1 << 20);
    try (UnixfsImporter imp = new UnixfsImporter(ImportOptions.profile(profile).build(), BlockSink.DISCARD)) {
      ImportedNode x = imp.file(new ByteArrayInputStream(new byte[] {'x'}), Metadata.NONE);
      List<DirectoryEntry> entries = new ArrayList<>();
      for (int i = 0; i < files; i++) {
        byte[] b = names.readNBytes(i == files - 1 ? lastNameLen : nameLen);
        StringBuilder sb = new StringBuilder();
        for (byte v : b) {
          sb.append(alphabet.charAt((v & 0xff) % alphabet.length()));
        }
        entries.add(new DirectoryEntry(sb.toString(), x));
      }
      return imp.directory(entries, Metadata.NONE).cid();
    }
  }

  @Test
  void emptyTrickleFileHasNoLeaf() throws Exception {
    MemoryBlocks mem = new MemoryBlocks();
    try (UnixfsImporter imp = new UnixfsImporter(ImportOptions.builder().layout(Layout.TRICKLE).cidVersion(1).build(), mem)) {
      Cid c = imp.file(new ByteArrayInputStream(new byte[0]), Metadata.NONE).cid();
      assertEquals("bafybeif7ztnhq65lumvvtr4ekcwd2ifwgm3awq4zfr3srh462rwyinlb4y", c.toString());
    }
    assertEquals(1, mem.blocks.size());
    assertEquals(Cid.v1(Multicodec.DAG_PB, Multihash.sha256(HEX.parseHex("0a0408021800"))), mem.blocks.keySet().iterator().next());
  }
}
