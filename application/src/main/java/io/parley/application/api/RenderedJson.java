package io.parley.application.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.util.RawValue;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dropwizard.jackson.Jackson;
import io.parley.application.infra.JsonSettings;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;

/**
 * The JSON of an immutable domain object (a message, a product, a reference item) rendered once per
 * object and written as is by every response that shows the same object while it is alive. The
 * caches hand out the same objects to every request (a conversation's window, a catalog result, a
 * reference context), so a warm newest page or agent context copies bytes instead of serializing
 * dozens of beans and timestamps each time (issue 12's profile: response writing was the largest
 * share of the agent context's own cost). Keys are held weakly and compared by identity: an entry
 * goes when its object does, and an object is never confused with an equal one.
 */
public final class RenderedJson {
  private static final ObjectWriter WRITER = JsonSettings.apply(Jackson.newObjectMapper()).writer();

  /**
   * Bounded in bytes ({@link #bound}, {@code api.maxRenderedJsonBytes}): an entry lives no longer
   * than its object, which one of the caches holds, but what it holds (the JSON, and the UTF-8
   * bytes the writer keeps with it) is about twice what a held message takes, so the objects'
   * caches' bounds alone do not bound it. Maintenance runs on the calling thread: handing it to the
   * common pool cost a wake-up per read.
   */
  private static volatile Cache<Object, RawValue> rendered = cache(24L << 20);

  /** Bounds what is kept rendered at {@code maxBytes} (estimated heap); drops what is held. */
  public static void bound(long maxBytes) {
    rendered = cache(maxBytes);
  }

  /** The estimated bytes held now; for tests. */
  static long heldBytes() {
    Cache<Object, RawValue> cache = rendered;
    cache.cleanUp();
    return cache.policy().eviction().orElseThrow().weightedSize().orElseThrow();
  }

  private static Cache<Object, RawValue> cache(long maxBytes) {
    return Caffeine.newBuilder()
        .weakKeys()
        .maximumWeight(maxBytes)
        .<Object, RawValue>weigher((source, json) -> weight(json))
        .executor(Runnable::run)
        .build();
  }

  /**
   * The heap an entry takes: its weak key and node (about 100 bytes), the raw value and serialized
   * string, the JSON (one byte a character, two outside Latin-1) and its UTF-8 bytes once written.
   */
  static int weight(RawValue json) {
    int length = ((SerializedString) json.rawValue()).getValue().length();
    return (int) Math.min(Integer.MAX_VALUE, 200 + 3L * length);
  }

  private RenderedJson() {}

  /** Each source's JSON as {@code response} shows it, in order. */
  static <T> List<RawValue> each(List<? extends T> sources, Function<T, ?> response) {
    RawValue[] rendered = new RawValue[sources.size()];
    for (int i = 0; i < rendered.length; i++) {
      rendered[i] = of(sources.get(i), response);
    }
    return List.of(rendered);
  }

  static <T> RawValue of(T source, Function<T, ?> response) {
    return rendered.get(source, s -> render(response.apply(source)));
  }

  private static RawValue render(Object response) {
    try {
      return new RawValue(new SerializedString(WRITER.writeValueAsString(response)));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a response record is always serializable", e);
    }
  }
}
