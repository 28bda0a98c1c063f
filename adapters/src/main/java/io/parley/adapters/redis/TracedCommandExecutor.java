package io.parley.adapters.redis;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.executors.CommandExecutor;

/**
 * A client span per Redis command, child of whatever span is current (the request's): named by the
 * command alone ({@code GET}, {@code EVALSHA}); keys and values, which name tenants and
 * conversations and carry cached content, are never recorded.
 */
public final class TracedCommandExecutor implements CommandExecutor {
  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");

  private final CommandExecutor delegate;
  private final Tracer tracer;

  public TracedCommandExecutor(CommandExecutor delegate, Tracer tracer) {
    this.delegate = delegate;
    this.tracer = tracer;
  }

  @Override
  public <T> T executeCommand(CommandObject<T> command) {
    String name = command.getArguments().getCommand().toString();
    Span span =
        tracer
            .spanBuilder(name)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(SYSTEM, "redis")
            .setAttribute(OPERATION, name)
            .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      return delegate.executeCommand(command);
    } catch (RuntimeException e) {
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }

  @Override
  public void close() throws Exception {
    delegate.close();
  }
}
