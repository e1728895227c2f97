package io.cairn.server.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.cairn.server.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A body with work before its end: the client must not have the whole body while the work runs,
 * with a Content-Length (the end is the last byte) as without (the end is the closing chunk).
 */
class ResponseBodyTest {
  private static final int SIZE = 300_000;
  private final byte[] data = new byte[SIZE];
  private final AtomicLong clientHas = new AtomicLong();
  private final AtomicLong clientHadDuringWork = new AtomicLong(-1);
  private Server server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  /** Serves {@link #data} through a ResponseBody whose end waits for the client to stop reading. */
  private URI serve(boolean withLength) throws Exception {
    new Random(5).nextBytes(data);
    server = new Server();
    ServerConnector c = new ServerConnector(server);
    c.setHost("127.0.0.1");
    server.addConnector(c);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (withLength) {
          response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Integer.toString(SIZE));
        }
        response.setStatus(200);
        ResponseBody body = new ResponseBody(response, new Metrics(), () -> {
          // the client reads everything it was sent; what it has once it stops is what went out
          long seen;
          do {
            seen = clientHas.get();
            sleep(200);
          } while (clientHas.get() != seen);
          clientHadDuringWork.set(seen);
        });
        body.write(ByteBuffer.wrap(data, 0, 262_144)); // a whole block, as the responders write
        body.write(data, 262_144, SIZE - 262_144 - 1);
        body.write(data[SIZE - 1]);
        body.close();
        callback.succeeded();
        return true;
      }
    });
    server.start();
    return URI.create("http://127.0.0.1:" + c.getLocalPort() + "/");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private byte[] fetch(URI uri) throws Exception {
    try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, r.statusCode());
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try (InputStream in = r.body()) {
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) >= 0; ) {
          got.write(buf, 0, n);
          clientHas.addAndGet(n);
        }
      }
      return got.toByteArray();
    }
  }

  @Test
  void aBodyWithALengthHoldsItsLastByteUntilTheWorkIsDone() {
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      assertArrayEquals(data, fetch(serve(true)));
      assertEquals(SIZE - 1, clientHadDuringWork.get(), "all but the last byte went out while the work ran");
    });
  }

  @Test
  void aChunkedBodyHoldsItsLastByteUntilTheWorkIsDone() {
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      assertArrayEquals(data, fetch(serve(false)));
      assertEquals(SIZE - 1, clientHadDuringWork.get(), "all but the last byte went out while the work ran");
    });
  }
}
