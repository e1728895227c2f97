package io.cairn.cluster;

import io.cairn.codec.ByteReader;
import io.cairn.codec.Cid;
import io.cairn.codec.DagCbor;
import io.cairn.codec.MalformedDataException;
import io.cairn.codec.Varint;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster's snapshot file: a sequence of records, each a varint length and a DAG-CBOR map
 * of at most {@value #MAX_RECORD} bytes, written and read one at a time so neither side holds
 * more than one record of bytes.
 *
 * <pre>
 * {"k":"header", "magic":"cairn-cluster-v1", "time": last applied ms}
 * {"k":"peer", "peer":PEER}*   {"k":"pin", "pin":PIN}*   {"k":"history", "cid":CID, "events":[EVENT…]}*
 * {"k":"end", "peers":n, "pins":n, "histories":n}        (nothing may follow)
 * </pre>
 *
 * The end record's counts catch a truncated or spliced file (Ratis also checks the file's MD5).
 */
final class SnapshotFile {
  static final String MAGIC = "cairn-cluster-v1";
  static final int MAX_RECORD = 64 << 20;

  private SnapshotFile() {}

  /** What a snapshot holds, read whole. */
  record Contents(long lastTime, List<PeerRecord> peers, List<ClusterPin> pins,
      Map<Cid, List<HistoryEvent>> history) {}

  static final class Writer {
    private final OutputStream out;

    Writer(OutputStream out) {
      this.out = out;
    }

    void header(long lastTime) throws IOException {
      Map<String, Object> m = record("header");
      m.put("magic", MAGIC);
      m.put("time", lastTime);
      write(m);
    }

    void peer(PeerRecord p) throws IOException {
      Map<String, Object> m = record("peer");
      m.put("peer", ClusterWire.peer(p));
      write(m);
    }

    void pin(ClusterPin p) throws IOException {
      Map<String, Object> m = record("pin");
      m.put("pin", ClusterWire.pin(p));
      write(m);
    }

    void history(Cid cid, List<HistoryEvent> events) throws IOException {
      Map<String, Object> m = record("history");
      m.put("cid", cid);
      List<Object> list = new ArrayList<>(events.size());
      for (HistoryEvent e : events) {
        list.add(ClusterWire.event(e));
      }
      m.put("events", list);
      write(m);
    }

    void end(int peers, int pins, int histories) throws IOException {
      Map<String, Object> m = record("end");
      m.put("peers", (long) peers);
      m.put("pins", (long) pins);
      m.put("histories", (long) histories);
      write(m);
    }

    private static Map<String, Object> record(String kind) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("k", kind);
      return m;
    }

    private void write(Map<String, Object> m) throws IOException {
      byte[] bytes = DagCbor.encode(m);
      if (bytes.length > MAX_RECORD) {
        throw new IOException("snapshot record of " + bytes.length + " bytes exceeds " + MAX_RECORD);
      }
      out.write(Varint.encode(bytes.length));
      out.write(bytes);
    }
  }

  /** Reads and checks a whole snapshot. */
  static Contents read(InputStream in) throws IOException {
    long[] pos = {0};
    CborFields header = next(in, pos);
    if (header == null || !"header".equals(header.string("k"))) {
      throw new MalformedDataException("cluster snapshot", 0, "does not start with a header record");
    }
    String magic = header.string("magic");
    if (!MAGIC.equals(magic)) {
      throw new MalformedDataException("cluster snapshot.magic", 0, "'" + magic + "' is not " + MAGIC);
    }
    long lastTime = header.nonNegative("time");
    header.end();
    List<PeerRecord> peers = new ArrayList<>();
    List<ClusterPin> pins = new ArrayList<>();
    Map<Cid, List<HistoryEvent>> history = new TreeMap<>();
    while (true) {
      long at = pos[0];
      CborFields r = next(in, pos);
      if (r == null) {
        throw new MalformedDataException("cluster snapshot", at, "ends without an end record");
      }
      String kind = r.string("k");
      switch (kind) {
        case "peer" -> peers.add(ClusterWire.peer(r.map("peer")));
        case "pin" -> pins.add(ClusterWire.pin(r.map("pin")));
        case "history" -> {
          Cid cid = r.cid("cid");
          if (history.put(cid, ClusterWire.events(r, "events")) != null) {
            throw new MalformedDataException("cluster snapshot history", at, "repeats " + cid);
          }
        }
        case "end" -> {
          long np = r.nonNegative("peers");
          long nn = r.nonNegative("pins");
          long nh = r.nonNegative("histories");
          r.end();
          if (np != peers.size() || nn != pins.size() || nh != history.size()) {
            throw new MalformedDataException("cluster snapshot end", at, "counts " + np + "/" + nn
                + "/" + nh + " but read " + peers.size() + "/" + pins.size() + "/" + history.size());
          }
          if (in.read() != -1) {
            throw new MalformedDataException("cluster snapshot", pos[0], "bytes after the end record");
          }
          return new Contents(lastTime, peers, pins, history);
        }
        default -> throw new MalformedDataException("cluster snapshot.k", at, "unknown record '" + kind + "'");
      }
      r.end();
    }
  }

  /** The next record, or null at a clean end of input. */
  private static CborFields next(InputStream in, long[] pos) throws IOException {
    long at = pos[0];
    long length = 0;
    for (int shift = 0, i = 0; ; shift += 7, i++) {
      int b = in.read();
      if (b < 0) {
        if (i == 0) {
          return null;
        }
        throw new MalformedDataException("cluster snapshot record length", at, "truncated");
      }
      if (i >= 4) {
        throw new MalformedDataException("cluster snapshot record length", at, "too long a varint");
      }
      length |= (long) (b & 0x7f) << shift;
      pos[0]++;
      if ((b & 0x80) == 0) {
        break;
      }
    }
    if (length > MAX_RECORD) {
      throw new MalformedDataException("cluster snapshot record length", at,
          length + " exceeds " + MAX_RECORD);
    }
    byte[] bytes = in.readNBytes((int) length);
    if (bytes.length < length) {
      throw new MalformedDataException("cluster snapshot record", pos[0], "truncated",
          new EOFException());
    }
    ByteReader r = ByteReader.of(bytes, 0, bytes.length, pos[0]);
    Object value = DagCbor.read(r);
    if (r.hasRemaining()) {
      throw new MalformedDataException("cluster snapshot record", r.offset(), "trailing bytes in the record");
    }
    pos[0] += length;
    return CborFields.of("cluster snapshot record", value);
  }
}
