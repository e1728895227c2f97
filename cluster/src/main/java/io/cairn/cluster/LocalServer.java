package io.cairn.cluster;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;

/**
 * Requests to this peer's own Raft server handed over in-process, as its gRPC service would
 * hand them over after decoding: no loopback connection, no protobuf round trip, no event-loop
 * hops. Used for writes while this peer is the leader (most writes of a busy peer come through
 * its own API) and for every read barrier (ReadIndex: the local server asks the leader itself
 * when it is a follower). Requests carry a client id of their own and increasing call ids, so
 * Ratis' retry cache tells them apart from the Raft client's. The reply is the one the gRPC
 * client would get: a write's reply comes once the entry is committed and applied here.
 */
final class LocalServer {
  private final RaftServer server;
  private final RaftGroupId groupId;
  private final RaftPeerId selfId;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();

  LocalServer(RaftServer server, RaftGroupId groupId, RaftPeerId selfId) {
    this.server = server;
    this.groupId = groupId;
    this.selfId = selfId;
  }

  /** Whether this server leads and has committed an entry of its term (writes are served at once). */
  boolean leaderReady() {
    try {
      var info = server.getDivision(groupId).getInfo();
      return info.isLeader() && info.isLeaderReady();
    } catch (IOException e) {
      return false; // the group is not (yet, or any more) on this server
    }
  }

  /** A write, answered once committed and applied (or refused, or "not the leader"). */
  CompletableFuture<RaftClientReply> write(Message message) {
    return submit(message, RaftClientRequest.writeRequestType());
  }

  /** A linearizable read (ReadIndex) of {@code message}, answered by this server. */
  CompletableFuture<RaftClientReply> read(Message message) {
    return submit(message, RaftClientRequest.readRequestType());
  }

  private CompletableFuture<RaftClientReply> submit(Message message, RaftClientRequest.Type type) {
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(clientId)
        .setServerId(selfId)
        .setGroupId(groupId)
        .setCallId(callIds.getAndIncrement())
        .setMessage(message)
        .setType(type)
        .build();
    try {
      return server.submitClientRequestAsync(request);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Whether a reply says only that this server cannot serve the request now (it does not lead,
   * leads but is not ready, or is handing leadership over): the request was not logged, so it
   * may go through the Raft client, which finds the leader.
   */
  static boolean notLeader(RaftClientReply reply) {
    return reply.getNotLeaderException() != null || reply.getLeaderNotReadyException() != null
        || reply.getLeaderSteppingDownException() != null || reply.getTransferLeadershipException() != null;
  }
}
