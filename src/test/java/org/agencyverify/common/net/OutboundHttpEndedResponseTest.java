package org.agencyverify.common.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A receiver's whole answer (a 204: no body) can arrive and end before the service looks at it (a busy
 * worker thread registers its callback late). Vert.x refuses a handler on an ended response with an
 * IllegalStateException, which was counted as a failed delivery after the receiver had taken it, so the
 * outbox sent the same request again (CI saw a confirmation request arrive twice, and
 * {@code webhook: IllegalStateException} in OutboundRebindingTest). Failed before the fix.
 */
class OutboundHttpEndedResponseTest {

    @Test
    void aResponseThatEndedBeforeItWasReadIsItsStatus() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer().requestHandler(request -> request.response().setStatusCode(204).end())
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            HttpClient client = vertx.createHttpClient();
            HttpClientResponse response = client.request(HttpMethod.POST, server.actualPort(), "127.0.0.1", "/hooks/ended")
                    .compose(request -> request.send("{}"))
                    // Asked for on the event loop as the head arrives: the response is handed over once it ended.
                    .compose(sent -> sent.end().map(ended -> sent))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertEquals(204, OutboundHttp.statusOf(response), "an ended 204 is a delivery");
        } finally {
            vertx.close(); // not waited for: nothing of it outlives the test's JVM
        }
    }
}
