package dev.apexbench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.db.PgServer;
import dev.apexbench.db.RealServer;
import dev.apexbench.db.TestPostgres;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Slow or stalled clients cannot stop the api: a thousand connections that each announce a body of
 * 100 bytes and send 7 hold no worker thread (bodies are read by Undertow's non-blocking receiver),
 * so every route, /health included, keeps answering while they hang; and the read timeout closes
 * them. Real sockets, a real server.
 */
@RealServer
class SlowClientsTest {
  static final int CLIENTS = 1000;

  @Test
  void aThousandStalledBodiesDoNotStopOtherRequestsAndAreClosedByTheReadTimeout() throws Exception {
    PgServer pg = TestPostgres.server();
    ApiSettings s = ApiSettings.defaults().withClientTimeouts(10_000, 3_000, 60_000);
    try (ApiServer api = ApiServer.start(pg.connectUrl(), pg.connectionProperties(), s)) {
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < CLIENTS; i++) {
          Socket sock = new Socket("127.0.0.1", api.port());
          OutputStream out = sock.getOutputStream();
          out.write(("POST /projects HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":1,")
              .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          slow.add(sock);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        long[] ms = new long[21];
        for (int i = 0; i < ms.length; i++) {
          long t0 = System.nanoTime();
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/health")).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
          ms[i] = (System.nanoTime() - t0) / 1000;
          assertThat(r.statusCode()).as("/health answers while " + CLIENTS + " bodies are stalled").isEqualTo(200);
        }
        long[] warm = java.util.Arrays.copyOfRange(ms, 1, ms.length); // the first includes the client's own connection set-up
        java.util.Arrays.sort(warm);
        System.out.printf("/health with %d stalled bodies: median %.1f ms, slowest %.1f ms of 20 (first, cold: %.1f ms)%n", CLIENTS,
            warm[warm.length / 2] / 1e3, warm[warm.length - 1] / 1e3, ms[0] / 1e3);
        // the read timeout (3 s here) closes a stalled body's connection; the api answers nothing for it
        Socket first = slow.get(0);
        first.setSoTimeout(30_000);
        InputStream in = first.getInputStream();
        long t0 = System.nanoTime();
        int b;
        try {
          b = in.read();
          while (b >= 0 && b != -1) {
            b = in.read();
          }
        } catch (java.net.SocketException reset) {
          b = -1;
        }
        assertThat(b).as("closed").isEqualTo(-1);
        assertThat((System.nanoTime() - t0) / 1e9).as("by the read timeout, not after the test's 30 s").isLessThan(29.0);
      } finally {
        for (Socket sock : slow) {
          sock.close();
        }
      }
    }
  }
}
