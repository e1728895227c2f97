package io.cairn.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** Every Ratis setting the cluster uses, derived from one {@link ClusterConfig}, in one place. */
final class RatisSettings {
  /** Between a client's attempts (leader redirects, elections). */
  static final TimeDuration RETRY_SLEEP = TimeDuration.valueOf(200, TimeUnit.MILLISECONDS);

  private RatisSettings() {}

  /** The server's and the API client's properties. */
  static RaftProperties server(ClusterConfig c) {
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(p, List.of(c.storageDir().toFile()));
    GrpcConfigKeys.Server.setHost(p, c.host());
    GrpcConfigKeys.Server.setPort(p, c.raftPort());
    // the first election waits as long as later ones (Ratis' default first wait is longer)
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, duration(c.electionTimeoutMin()));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, duration(c.electionTimeoutMax()));
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, duration(c.electionTimeoutMin()));
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, duration(c.electionTimeoutMax()));
    // reads: ReadIndex, also on followers
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Read.setTimeout(p, duration(c.requestTimeout()));
    // snapshots and log compaction
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, c.snapshotThreshold());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(1024, c.snapshotThreshold()));
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(c.logSegmentBytes()));
    RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf(Math.min(c.logSegmentBytes(), 4L << 20)));
    long appendBatch = Math.min(c.logSegmentBytes(), 4L << 20); // Ratis: write buffer ≥ batch + 8
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, SizeInBytes.valueOf(appendBatch));
    RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf(appendBatch + 8));
    RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, true);
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, millis(Math.min(c.requestTimeout().toMillis(), 3000)));
    return p;
  }

  /** Attempts spread over the request timeout. */
  static RetryPolicy clientRetry(ClusterConfig c) {
    int attempts = (int) Math.max(1, c.requestTimeout().toMillis() / RETRY_SLEEP.toLong(TimeUnit.MILLISECONDS));
    return RetryPolicies.retryUpToMaximumCountWithFixedSleep(attempts, RETRY_SLEEP);
  }

  /** Metric reports: one short call, no retry (a missed report is what liveness measures). */
  static RaftProperties reporter(ClusterConfig c) {
    RaftProperties p = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, millis(Math.min(c.requestTimeout().toMillis(), 2000)));
    return p;
  }

  private static TimeDuration duration(Duration d) {
    return millis(d.toMillis());
  }

  private static TimeDuration millis(long ms) {
    return TimeDuration.valueOf(ms, TimeUnit.MILLISECONDS);
  }
}
