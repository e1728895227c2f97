package io.cairn.server.gateway;

import io.cairn.codec.MalformedDataException;
import io.cairn.codec.ipns.IpnsName;
import io.cairn.codec.ipns.IpnsRecord;
import io.cairn.codec.ipns.IpnsRecordException;
import io.cairn.server.NodeContext;
import io.cairn.server.node.NodeException;
import io.cairn.server.node.Names;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The gateway's {@code /ipns/{name}}: resolves a name through the record this node holds for it
 * (valid and not expired; no other resolver is asked), and answers
 * {@code ?format=ipns-record} / {@code Accept: application/vnd.ipfs.ipns-record} with the signed
 * record's bytes. A name without a record, or whose record has expired, is a 404 saying so.
 */
final class IpnsResponder implements ContentPath.NameLookup {
  private final NodeContext node;

  IpnsResponder(NodeContext node) {
    this.node = node;
  }

  @Override
  public Names.Resolved resolve(String nameText) throws GatewayException {
    IpnsName name = name(nameText);
    try {
      return node.names().resolve(name, "");
    } catch (NodeException | IpnsRecordException e) {
      throw GatewayException.notFound(e.getMessage());
    } catch (IOException e) {
      throw new GatewayException(500, "could not read the IPNS record of " + name + ": " + e.getMessage());
    }
  }

  /** Answers a request for the record of {@code /ipns/{name}}. */
  void respondRecord(GatewayRequest req, String rawPath, GatewayResponse out) throws GatewayException {
    String rest = rawPath.substring(ContentPath.IPNS_PREFIX.length());
    int slash = rest.indexOf('/');
    if (slash >= 0 && slash != rest.length() - 1) {
      throw GatewayException.badRequest("an IPNS record is asked for at /ipns/{name}, without a path after the name");
    }
    IpnsName name = name(slash < 0 ? rest : rest.substring(0, slash));
    IpnsRecord record;
    try {
      record = node.names().record(name).orElseThrow(() -> GatewayException.notFound(
          "no IPNS record for " + name + " is held by this node"));
    } catch (IpnsRecordException e) {
      throw GatewayException.notFound(e.getMessage());
    } catch (GatewayException e) {
      throw e;
    } catch (IOException e) {
      throw new GatewayException(500, "could not read the IPNS record of " + name + ": " + e.getMessage());
    }
    byte[] bytes = record.encode();
    HttpFields.Mutable h = out.headers();
    h.put(HttpHeader.CONTENT_TYPE, FormatNegotiation.IPNS_RECORD_TYPE);
    h.put(HttpHeader.CACHE_CONTROL, "public, max-age=" + record.ttl().toSeconds());
    h.put("X-Ipfs-Path", ContentPath.IPNS_PREFIX + name);
    h.put(GatewayResponse.VARY_ACCEPT);
    h.put(GatewayResponse.NOSNIFF);
    h.put(HttpHeader.ETAG, "\"" + name + "-" + record.sequence() + "-" + record.validity().toEpochMilli() + "\"");
    out.disposition("attachment", name + ".ipns-record");
    h.put(HttpHeader.CONTENT_LENGTH, Integer.toString(bytes.length));
    if (req.head()) {
      out.jetty().setStatus(200);
      return;
    }
    out.send(200, ByteBuffer.wrap(bytes));
  }

  private static IpnsName name(String text) throws GatewayException {
    try {
      return IpnsName.parse(text);
    } catch (MalformedDataException e) {
      if (text.contains(".")) {
        throw GatewayException.badRequest("'" + text + "' looks like a DNSLink name; Cairn resolves only IPNS names"
            + " (k51…) whose records it holds");
      }
      throw GatewayException.badRequest("'" + text + "' is not an IPNS name (k51…): " + e.getMessage());
    }
  }
}
