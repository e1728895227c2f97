package io.cairn.cluster;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.exceptions.StateMachineException;

/**
 * How the peer waits for Ratis: each blocking client call runs on a virtual thread and the
 * caller stops waiting at the request timeout; failures become {@link ClusterException}s that
 * say whether the leader refused (with its reason) or the outcome is unknown. (Ratis' ordered
 * async client was tried first: after a leader redirect it stalled a new client's first
 * request for a full RPC timeout.)
 */
final class RaftCalls {
  private static final Pattern WRAPPED = Pattern.compile("^\\S+ from Server \\S+: (.*)$", Pattern.DOTALL);

  interface Call {
    RaftClientReply run() throws IOException;
  }

  private final long timeoutMillis;

  RaftCalls(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  long timeoutMillis() {
    return timeoutMillis;
  }

  static CompletableFuture<RaftClientReply> start(Call call) {
    CompletableFuture<RaftClientReply> f = new CompletableFuture<>();
    Thread.ofVirtual().name("cluster-call").start(() -> {
      try {
        f.complete(call.run());
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    });
    return f;
  }

  /** Runs {@code call} and returns its successful reply, or fails within the timeout. */
  RaftClientReply run(Call call, String what) throws ClusterException {
    RaftClientReply reply = await(start(call), what);
    if (!reply.isSuccess()) {
      throw failure(reply.getException());
    }
    return reply;
  }

  RaftClientReply await(CompletableFuture<RaftClientReply> future, String what) throws ClusterException {
    try {
      return future.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new ClusterException("could not " + what + " within " + timeoutMillis
          + " ms: no leader with a majority reachable; check that most peers are up", false, e);
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted", false, e);
    }
  }

  static ClusterException failure(Throwable cause) {
    if (cause instanceof StateMachineException sme) {
      return new ClusterException(refusal(sme.getMessage()), true, sme);
    }
    return new ClusterException("the cluster did not commit the request: " + cause, false, cause);
  }

  /** The leader's reason without Ratis' wrapping ("SomeException from Server id: reason"). */
  static String refusal(String message) {
    if (message == null) {
      return "refused by the cluster";
    }
    Matcher m = WRAPPED.matcher(message);
    return m.matches() ? m.group(1) : message;
  }

  static void pause() throws ClusterException {
    try {
      Thread.sleep(RatisSettings.RETRY_SLEEP.toLong(TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted", false, e);
    }
  }
}
