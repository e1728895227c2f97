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
 * {"k":"header", "magic":"cairn-cluster-v2", "time": last applied ms}
 * {"k":"peer", "peer":PEER}*   {"k":"pin", "pin":PIN}*
 * {"k":"history", "cid":CID, "events":[EVENT…]}*     CIDs in byte order; a CID's events (log order)
 *                                                   in records of at most 1,024, one after another
 * {"k":"member", "event":MEMBER-EVENT}*              log order
 * {"k":"end", "peers":n, "pins":n, "histories":n (records), "members":n}   (nothing may follow)
 * </pre>
 *
 * The end record's counts catch a truncated or spliced file (Ratis also checks the file's MD5).
 * Version 1 ({@code cairn-cluster-v1}, written before the history moved to RocksDB) is read
 * too: it has no member records and no {@code "members"} count.
 */
final class SnapshotFile {
  static final String MAGIC = "cairn-cluster-v2";
  static final String MAGIC_V1 = "cairn-cluster-v1";
  static final int MAX_RECORD = 64 << 20;

  private SnapshotFile() {}

  /** What a snapshot holds, read whole (tests and small states; the peer streams with a {@link Visitor}). */
  record Contents(long lastTime, List<PeerRecord> peers, List<ClusterPin> pins,
      Map<Cid, List<HistoryEvent>> history, List<MemberEvent> members) {}

  /** Receives a snapshot's records as they are read, in file order. */
  interface Visitor {
    void header(long lastTime) throws IOException;

    void peer(PeerRecord p) throws IOException;

    void pin(ClusterPin p) throws IOException;

    /** Some events of one CID: all of them, or a part that the next record continues. */
    void history(Cid cid, List<HistoryEvent> events) throws IOException;

    void member(MemberEvent e) throws IOException;
  }

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

    void member(MemberEvent e) throws IOException {
      Map<String, Object> m = record("member");
      m.put("event", ClusterWire.member(e));
      write(m);
    }

    void end(long peers, long pins, long histories, long members) throws IOException {
      Map<String, Object> m = record("end");
      m.put("peers", peers);
      m.put("pins", pins);
      m.put("histories", histories);
      m.put("members", members);
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

  /** Reads and checks a whole snapshot into memory. */
  static Contents read(InputStream in) throws IOException {
    long[] time = {0};
    List<PeerRecord> peers = new ArrayList<>();
    List<ClusterPin> pins = new ArrayList<>();
    Map<Cid, List<HistoryEvent>> history = new TreeMap<>();
    List<MemberEvent> members = new ArrayList<>();
    read(in, new Visitor() {
      @Override
      public void header(long lastTime) {
        time[0] = lastTime;
      }

      @Override
      public void peer(PeerRecord p) {
        peers.add(p);
      }

      @Override
      public void pin(ClusterPin p) {
        pins.add(p);
      }

      @Override
      public void history(Cid cid, List<HistoryEvent> events) {
        history.computeIfAbsent(cid, c -> new ArrayList<>()).addAll(events);
      }

      @Override
      public void member(MemberEvent e) {
        members.add(e);
      }
    });
    return new Contents(time[0], peers, pins, history, members);
  }

  /**
   * Reads and checks a snapshot, handing each record to {@code visitor} as it is read (a
   * malformed record is reported after the records before it were handed over: a caller that
   * applies them must be ready to start over).
   */
  static void read(InputStream in, Visitor visitor) throws IOException {
    long[] pos = {0};
    CborFields header = next(in, pos);
    if (header == null || !"header".equals(header.string("k"))) {
      throw new MalformedDataException("cluster snapshot", 0, "does not start with a header record");
    }
    String magic = header.string("magic");
    if (!MAGIC.equals(magic) && !MAGIC_V1.equals(magic)) {
      throw new MalformedDataException("cluster snapshot.magic", 0, "'" + magic + "' is not " + MAGIC
          + " (nor " + MAGIC_V1 + ")");
    }
    boolean v1 = MAGIC_V1.equals(magic);
    visitor.header(header.nonNegative("time"));
    header.end();
    long peers = 0;
    long pins = 0;
    long histories = 0;
    long members = 0;
    Cid lastCid = null;
    long lastIndex = -1;
    long lastMemberIndex = -1;
    while (true) {
      long at = pos[0];
      CborFields r = next(in, pos);
      if (r == null) {
        throw new MalformedDataException("cluster snapshot", at, "ends without an end record");
      }
      String kind = r.string("k");
      switch (kind) {
        case "peer" -> {
          visitor.peer(ClusterWire.peer(r.map("peer")));
          peers++;
        }
        case "pin" -> {
          visitor.pin(ClusterWire.pin(r.map("pin")));
          pins++;
        }
        case "history" -> {
          Cid cid = r.cid("cid");
          List<HistoryEvent> events = ClusterWire.events(r, "events");
          if (events.isEmpty()) {
            throw new MalformedDataException("cluster snapshot history.events", at, "empty for " + cid);
          }
          int order = lastCid == null ? 1 : cid.compareTo(lastCid);
          if (order < 0 || order == 0 && v1) {
            throw new MalformedDataException("cluster snapshot history", at, cid + " is out of order or repeated");
          }
          long index = order == 0 ? lastIndex : -1;
          for (HistoryEvent e : events) {
            if (e.index() < index) {
              throw new MalformedDataException("cluster snapshot history.events", at,
                  "index " + e.index() + " after " + index + " for " + cid);
            }
            index = e.index();
          }
          visitor.history(cid, events);
          lastCid = cid;
          lastIndex = index;
          histories++;
        }
        case "member" -> {
          if (v1) {
            throw new MalformedDataException("cluster snapshot.k", at, "a member record in a " + MAGIC_V1 + " file");
          }
          MemberEvent e = ClusterWire.member(r.map("event"));
          if (e.index() < lastMemberIndex) {
            throw new MalformedDataException("cluster snapshot member", at, "index " + e.index() + " after " + lastMemberIndex);
          }
          lastMemberIndex = e.index();
          visitor.member(e);
          members++;
        }
        case "end" -> {
          long np = r.nonNegative("peers");
          long nn = r.nonNegative("pins");
          long nh = r.nonNegative("histories");
          long nm = v1 ? 0 : r.nonNegative("members");
          r.end();
          if (np != peers || nn != pins || nh != histories || nm != members) {
            throw new MalformedDataException("cluster snapshot end", at, "counts " + np + "/" + nn
                + "/" + nh + "/" + nm + " but read " + peers + "/" + pins + "/" + histories + "/" + members);
          }
          if (in.read() != -1) {
            throw new MalformedDataException("cluster snapshot", pos[0], "bytes after the end record");
          }
          return;
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
