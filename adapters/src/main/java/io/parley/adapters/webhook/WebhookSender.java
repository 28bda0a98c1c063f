package io.parley.adapters.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.adapters.json.ExactNumbers;
import io.parley.adapters.postgres.WebhookOutbox.Due;
import io.parley.adapters.postgres.WebhookOutbox.Target;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * POSTs one event to one webhook: {@code {"id", "type", "tenantId", "conversationId"?,
 * "occurredAt", "data"}} (message text and payload in data only with includeContent), signed. A 2xx
 * within the timeout acknowledges; anything else is a failure described without the receiver's body
 * (it is not ours to log).
 */
public final class WebhookSender implements AutoCloseable {
  private static final ObjectMapper JSON = ExactNumbers.mapper();

  private final CloseableHttpClient client;
  private final ScheduledExecutorService deadlines;
  private final Duration timeout;
  private final Clock clock;

  public WebhookSender(
      PublicAddresses addresses,
      Duration timeout,
      int maxConnections,
      ScheduledExecutorService deadlines,
      Clock clock) {
    Timeout t = Timeout.ofMilliseconds(timeout.toMillis());
    this.client =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setDnsResolver(addresses)
                    .setMaxConnTotal(maxConnections)
                    .setMaxConnPerRoute(maxConnections)
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom().setConnectTimeout(t).setSocketTimeout(t).build())
                    .build())
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectionRequestTimeout(t)
                    .setResponseTimeout(t)
                    .setRedirectsEnabled(false)
                    .build())
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .setUserAgent("Parley-Webhooks/1")
            .build();
    this.deadlines = deadlines;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** Empty when acknowledged, else why not (for the delivery's lastError). */
  public Optional<String> send(Target target, Due event) {
    byte[] body;
    try {
      body = body(target, event);
    } catch (IOException e) {
      return Optional.of("the stored event could not be read");
    }
    HttpPost post = new HttpPost(target.url());
    post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
    post.setHeader("Parley-Event-Id", event.eventId().toString());
    post.setHeader(
        "Parley-Signature",
        WebhookSignature.header(target.secret(), clock.instant().getEpochSecond(), body));
    ScheduledFuture<?> deadline =
        deadlines.schedule(post::cancel, timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      int status =
          client.execute(
              post,
              response -> {
                EntityUtils.consume(response.getEntity());
                return response.getCode();
              });
      return status >= 200 && status < 300
          ? Optional.empty()
          : Optional.of("HTTP " + status + " from the receiver");
    } catch (UnknownHostException e) {
      return Optional.of(e.getMessage());
    } catch (ConnectException e) {
      return Optional.of("connection refused or failed");
    } catch (InterruptedIOException e) {
      return Optional.of("no answer within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      return Optional.of(
          post.isCancelled()
              ? "no answer within " + timeout.toMillis() + " ms"
              : "request failed: " + e.getClass().getSimpleName());
    } finally {
      deadline.cancel(false);
    }
  }

  static byte[] body(Target target, Due event) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", event.eventId().toString());
    root.put("type", event.type());
    root.put("tenantId", target.tenant().toString());
    if (event.conversation() != null) {
      root.put("conversationId", event.conversation().toString());
    }
    root.put("occurredAt", event.occurredAt().toString());
    ObjectNode data =
        event.data() == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(event.data());
    if (target.includeContent() && event.content() != null) {
      JSON.readTree(event.content())
          .fields()
          .forEachRemaining(f -> data.set(f.getKey(), f.getValue()));
    }
    root.set("data", data);
    return JSON.writeValueAsBytes(root);
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
